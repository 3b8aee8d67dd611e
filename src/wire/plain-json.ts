import { types } from 'node:util'
import { InvalidArgument } from '../errors.js'

/** Deeper values are refused: no Auth0 attribute nests this far, and recursion stays bounded. */
const MAX_DEPTH = 32

const KINDS =
  'only strings, finite numbers, booleans, null, dates, arrays and plain objects can be sent'

/**
 * Checks that `value` is plain JSON data before it is serialised into a request, so that an odd
 * value is refused with a clear `InvalidArgument` instead of a `TypeError` from `JSON.stringify`
 * or, worse, a request without the field (`JSON.stringify` silently drops a symbol). Refused: a
 * bigint, symbol or function; a non-finite number; a Proxy; a getter or setter (it could throw,
 * or answer differently when serialised); a symbol key; a cycle; an object with its own `toJSON`
 * or a class instance (dates excepted); nesting deeper than 32.
 *
 * @example
 * assertPlainJson({ email: Symbol('x') }, 'the user') // throws: the user.email is a symbol; …
 */
export function assertPlainJson(value: unknown, what: string): void {
  check(value, what, new Set(), 0)
}

function check(value: unknown, path: string, ancestors: Set<object>, depth: number): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return
    case 'number':
      if (!Number.isFinite(value)) refuse(path, `${String(value)}`)
      return
    case 'bigint':
    case 'symbol':
    case 'function':
      refuse(path, `a ${typeof value}`)
  }
  if (value === null) return
  const object = value as object
  if (types.isProxy(object)) refuse(path, 'a Proxy')
  if (object instanceof Date) return
  if (depth >= MAX_DEPTH) refuse(path, `nested deeper than ${MAX_DEPTH}`)
  if (ancestors.has(object)) refuse(path, 'a circular reference')
  const isArray = Array.isArray(object)
  const proto = Object.getPrototypeOf(object) as unknown
  if (!isArray && proto !== Object.prototype && proto !== null) refuse(path, 'a class instance')
  if (Object.getOwnPropertySymbols(object).length > 0) refuse(path, 'an object with symbol keys')
  ancestors.add(object)
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(object))) {
    const at = isArray ? `${path}[${key}]` : `${path}.${key}`
    if (isArray && key === 'length') continue
    if (descriptor.get || descriptor.set) refuse(at, 'a getter or setter')
    if (key === 'toJSON') refuse(at, 'a toJSON method')
    check(descriptor.value, at, ancestors, depth + 1)
  }
  ancestors.delete(object)
}

function refuse(path: string, what: string): never {
  throw new InvalidArgument(`${path} is ${what}; ${KINDS}.`)
}
