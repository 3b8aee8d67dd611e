import { InvalidArgument } from '../errors.js'

/**
 * One id as a path segment: percent-encoded, and refused when it is not a string, is empty, or
 * is `.` or `..` — the only encoded segments URL normalisation changes, which would send
 * `DELETE /users/..` to `DELETE /api/v2/`. Every id that goes into a path passes through here,
 * before any request.
 *
 * @example
 * pathSegment('auth0|64f1', 'user id') //=> 'auth0%7C64f1'
 * pathSegment('..', 'user id')         // throws InvalidArgument
 */
export function pathSegment(id: unknown, what: string): string {
  if (typeof id !== 'string' || id === '') {
    throw new InvalidArgument(`A ${what} is a non-empty string, got ${describe(id)}.`)
  }
  if (id === '.' || id === '..') {
    throw new InvalidArgument(`'${id}' is not a ${what}: it would change the request's path.`)
  }
  return encodeURIComponent(id)
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'symbol' || typeof value === 'bigint' || typeof value === 'function') {
    return `a ${typeof value}`
  }
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return `a ${typeof value}`
  }
}
