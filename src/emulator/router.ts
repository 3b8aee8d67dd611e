import { ApiError } from './api-error.js'

/**
 * A route of the Management API. `pattern` is matched against the raw (still percent-encoded)
 * path so an id containing `%2F` stays one segment; named groups are decoded afterwards.
 */
export interface Route<Context> {
  method: string
  pattern: RegExp
  handler: (context: Context, params: Record<string, string>) => Promise<RouteResult>
}

/** What a handler answers. `persist` = the change must be on disk before the answer goes out. */
export interface RouteResult {
  status: number
  body?: unknown
  headers?: Record<string, string>
  persist?: boolean
}

/**
 * Finds the route for `method` + `rawPath`. Unknown paths and wrong methods answer hapi's plain
 * 404 `{"statusCode":404,"error":"Not Found","message":"Not Found"}`, as Auth0 does.
 */
export function matchRoute<Context>(
  routes: readonly Route<Context>[],
  method: string,
  rawPath: string,
): { route: Route<Context>; params: Record<string, string> } {
  for (const route of routes) {
    if (route.method !== method) continue
    const match = route.pattern.exec(rawPath)
    if (match === null) continue
    const params: Record<string, string> = {}
    for (const [name, value] of Object.entries(match.groups ?? {})) {
      try {
        params[name] = decodeURIComponent(value)
      } catch {
        throw new ApiError(400, 'Invalid request path encoding')
      }
    }
    return { route, params }
  }
  throw new ApiError(404, 'Not Found')
}
