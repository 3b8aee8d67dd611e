import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Auth0 } from 'auth0plus'
import { createAuthenticator, insufficientScope, type AuthSettings } from './authenticate.js'
import { toHttpError } from './error-mapping.js'
import { sendJson } from './json-io.js'
import { consoleLogger, type ServiceLogger } from './logger.js'
import type { Reply } from './router.js'
import { usersRouter } from './users-routes.js'

export interface UserServiceOptions {
  /** The tenant connection; its `defaultConnection` is where users are created and listed. */
  auth0: Auth0
  /** Callers must send a bearer JWT from this issuer for this audience (see authenticate.ts). */
  auth: AuthSettings
  /** Request log and 5xx errors; the console by default. */
  logger?: ServiceLogger
  /** Milliseconds, like `Date.now`: token expiry, and Auth0's rate-limit reset into `Retry-After`. */
  now?: () => number
}

/**
 * The user-management HTTP service, not yet listening: `listen(0)` in tests, a port in main.
 * Every request is authenticated first (401 before any routing, so an anonymous caller learns
 * nothing about the routes), then checked against its route's permission (403).
 *
 * @example
 * const server = createUserService({
 *   auth0: new Auth0(domain, { clientId, clientSecret, defaultConnection }),
 *   auth: { issuer: `https://${domain}/`, audience: 'https://user-service.example/' },
 * })
 * server.listen(3000)
 * // GET /users?email=b*&page=0&per_page=20 with Authorization: Bearer <token with read:users>
 * // → 200 { users, total, offset, limit, page, per_page }
 */
export function createUserService(options: UserServiceOptions): Server {
  const connection = options.auth0.users.connection
  // Without one the service would read and write every connection of the tenant.
  if (!connection) throw new Error('The Auth0 connection needs a defaultConnection.')
  const router = usersRouter(options.auth0.users, connection)
  const logger = options.logger ?? consoleLogger
  const now = options.now ?? Date.now
  const authenticate = createAuthenticator(options.auth, now)

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now()
    const method = req.method ?? 'GET'
    // The host is irrelevant; only path and query are read.
    const url = new URL(req.url ?? '/', 'http://service.invalid')
    let reply: Reply
    try {
      const caller = await authenticate(req.headers.authorization)
      const { handler, params, permission } = router.match(method, url.pathname)
      if (!caller.permissions.has(permission)) throw insufficientScope(permission)
      reply = await handler({ req, url, params })
    } catch (thrown) {
      const error = toHttpError(thrown, now)
      if (error.status >= 500) logFailure(logger, method, url.pathname, thrown)
      reply = { status: error.status, body: error.body, headers: { ...error.headers } }
    }
    sendJson(res, reply.status, reply.body, reply.headers)
    const ms = Math.round(performance.now() - started)
    logger.info(`${method} ${url.pathname} ${reply.status} ${ms}ms`, {
      method,
      path: url.pathname,
      status: reply.status,
      ms,
    })
  }

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Only a failure to write the answer gets here (the client went away); nothing to send.
      logFailure(logger, req.method ?? 'GET', 'response', error)
      res.destroy()
    })
  })
}

/**
 * Library errors are safe to log whole (they never hold a secret); for anything else the
 * stack is what makes a 500 debuggable, and no handler builds messages from request data.
 */
function logFailure(logger: ServiceLogger, method: string, path: string, error: unknown): void {
  let detail =
    error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error)
  // One level of cause (a JWKS fetch's ECONNREFUSED): jose and fetch errors hold no token.
  const cause = error instanceof Error ? error.cause : undefined
  if (cause instanceof Error) detail += `\ncaused by ${cause.name}: ${cause.message}`
  logger.error(`${method} ${path} failed: ${detail}`, { method, path })
}
