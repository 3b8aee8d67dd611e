import type { IncomingMessage } from 'node:http'
import { HttpError } from './http-error.js'

/** What a handler gets: the request, its parsed URL and the decoded `:params` of its path. */
export interface RouteContext {
  req: IncomingMessage
  url: URL
  params: Readonly<Record<string, string>>
}

/** A matched route: its handler, the path's `:params`, and the permission a caller needs. */
export interface RouteMatch {
  handler: Handler
  params: Record<string, string>
  permission: string
}

/** What a handler answers; the server writes it (`body` undefined = 204-style empty). */
export interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

export type Handler = (context: RouteContext) => Promise<Reply>

interface Route {
  method: string
  segments: readonly string[]
  permission: string
  handler: Handler
}

/**
 * A tiny method + path router: `/users/:id` patterns, exact segments, no wildcards. Segments
 * are split before decoding, so an id holding `%2F` stays one parameter. Each route names the
 * permission its callers need, so the table reads as the service's access policy.
 *
 * @example
 * new Router().add('GET', '/users/:id', 'read:users', getUser).match('GET', '/users/auth0%7C42')
 * // → { handler: getUser, params: { id: 'auth0|42' }, permission: 'read:users' }
 */
export class Router {
  readonly #routes: Route[] = []

  add(method: string, pattern: string, permission: string, handler: Handler): this {
    this.#routes.push({ method, segments: split(pattern), permission, handler })
    return this
  }

  /** The route for a request; 404 for an unknown path, 405 (with `Allow`) for a wrong method. */
  match(method: string, pathname: string): RouteMatch {
    const segments = split(pathname)
    const allowed: string[] = []
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, segments)
      if (!params) continue
      if (route.method === method) {
        return { handler: route.handler, params, permission: route.permission }
      }
      allowed.push(route.method)
    }
    if (allowed.length === 0) throw new HttpError(404, `No route for ${pathname}.`)
    throw new HttpError(405, `${method} is not allowed on ${pathname}.`, {
      headers: { Allow: allowed.join(', ') },
    })
  }
}

function split(path: string): string[] {
  return path.split('/').slice(1)
}

function matchSegments(
  pattern: readonly string[],
  actual: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined
  const params: Record<string, string> = {}
  for (const [index, part] of pattern.entries()) {
    const value = actual[index]!
    if (part.startsWith(':')) {
      if (value === '') return undefined
      params[part.slice(1)] = decode(value)
    } else if (part !== value) {
      return undefined
    }
  }
  return params
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new HttpError(400, 'The path has a broken percent-encoding.')
  }
}
