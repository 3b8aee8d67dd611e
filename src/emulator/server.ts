import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApiError, OAuthError } from './api-error.js'
import { authenticate } from './auth.js'
import { handleAuthApi } from './auth-api.js'
import { logApiOperation } from './api-operation-log.js'
import { handleAuthorize } from './authorize.js'
import type { DataFileWriter } from './data-file.js'
import type { AuthAnswer } from './auth-api.js'
import type { FaultInjector } from './faults.js'
import { parseBody, readBody, sendJson } from './http-io.js'
import { connectionsRoutes } from './connections-routes.js'
import { identitiesRoutes } from './identities-routes.js'
import { jobsRoutes } from './jobs-routes.js'
import { logsRoutes } from './logs-routes.js'
import { mfaRoutes } from './mfa-routes.js'
import { handleOutbox } from './outbox-endpoint.js'
import { issueToken } from './oauth-token.js'
import type { EndpointGroup } from './rate-limit-plans.js'
import { consume } from './rate-limiter.js'
import { matchRoute, type Route } from './router.js'
import type { ApiContext, Tenant } from './tenant.js'
import { handleTicketPage, TICKET_PAGE_PATHS } from './ticket-pages.js'
import { ticketsRoutes } from './tickets-routes.js'
import { BOOLEAN_KEYS } from './user-schemas.js'
import { userBlocksRoutes } from './user-blocks-routes.js'
import { usersRoutes } from './users-routes.js'
import { clientGrantsRoutes } from './client-grants-routes.js'
import { resourceServersRoutes } from './resource-servers-routes.js'
import { roleUsersRoutes } from './role-users-routes.js'
import { rolesRoutes } from './roles-routes.js'
import { userRbacRoutes } from './user-rbac-routes.js'

const API_ROUTES: readonly Route<ApiContext>[] = [
  ...usersRoutes,
  ...jobsRoutes,
  ...connectionsRoutes,
  ...rolesRoutes,
  ...roleUsersRoutes,
  ...userRbacRoutes,
  ...resourceServersRoutes,
  ...clientGrantsRoutes,
  ...ticketsRoutes,
  ...logsRoutes,
  ...userBlocksRoutes,
  ...identitiesRoutes,
  ...mfaRoutes,
]

const QUERY_TIMEOUT =
  'The query exceeded the timeout. Please try refining your search criteria. See https://auth0.com/docs/best-practices/search-best-practices.'

/** What the request handler needs besides the tenant. */
export interface ServerDeps {
  faults: FaultInjector | undefined
  writer: DataFileWriter | undefined
  /** Longer request targets get 414 `Request-URI Too Large`. */
  maxUrlLength: number
}

/**
 * Export jobs read users, so they count as reads whatever their method. Roles, APIs and
 * client grants have no published endpoint buckets: only the global one applies to them.
 */
function endpointGroup(method: string, path: string): EndpointGroup | undefined {
  if (path.startsWith('/api/v2/jobs')) return 'users_read'
  if (!path.startsWith('/api/v2/users')) return undefined
  if (method === 'DELETE') return 'users_delete'
  return method === 'GET' ? 'users_read' : 'users_write'
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref()
  })

/**
 * The tenant's request handler: `/api/v2/*` (faults → rate limit → route → auth → handler →
 * persistence → answer), `/oauth/token`, `/authorize` with its login page, the rest of the
 * Authentication API (discovery, JWKS, userinfo, signup, revoke, logout) and the export downloads. Every failure is
 * answered in Auth0's shape; nothing a client sends can throw out of it.
 */
export function createRequestHandler(tenant: Tenant, deps: ServerDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    dispatch(tenant, deps, req, res).catch((err: unknown) => {
      // Only a bug gets here (dispatch answers every expected failure itself).
      console.error('auth0plus emulator: unexpected error', err)
      sendJson(res, 500, new ApiError(500, 'An internal server error occurred').body())
    })
  }
}

async function dispatch(
  tenant: Tenant,
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const target = req.url ?? '/'
  const method = req.method ?? 'GET'
  const queryAt = target.indexOf('?')
  const path = queryAt < 0 ? target : target.slice(0, queryAt)
  const query = new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1))
  if (target.length > deps.maxUrlLength) {
    return sendError(res, new ApiError(414, 'Request-URI Too Large'))
  }
  if (path === '/api/v2' || path.startsWith('/api/v2/')) {
    return handleApi(tenant, deps, req, res, method, path, query)
  }
  if (path === '/oauth/token' && method === 'POST') return handleToken(tenant, req, res)
  if (path === '/authorize' || path === '/u/login') {
    try {
      return await handleAuthorize(tenant, req, res, method, path, query)
    } catch (err) {
      return sendError(res, err)
    }
  }
  if (TICKET_PAGE_PATHS.has(path)) {
    try {
      return await handleTicketPage(tenant, req, res, method, path, query, async () => {
        await deps.writer?.save()
      })
    } catch (err) {
      return sendError(res, err)
    }
  }
  if (path === '/__emulator/outbox') return handleOutbox(tenant.outbox, res, method, query)
  try {
    const answer = await handleAuthApi(tenant, req, method, path, query)
    if (answer !== undefined) {
      if (answer.persist) await deps.writer?.save()
      return sendAnswer(res, answer)
    }
  } catch (err) {
    if (err instanceof OAuthError) return sendJson(res, err.statusCode, err.body())
    return sendError(res, err)
  }
  if (path.startsWith('/user-exports/') && method === 'GET') {
    const file = await tenant.jobs.download(path, query)
    if (file === undefined) {
      const xml =
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access denied</Message></Error>'
      res.writeHead(403, { 'content-type': 'text/xml' }).end(xml)
      return
    }
    res.writeHead(200, {
      'content-type': 'application/gzip',
      'content-length': String(file.data.length),
      'content-disposition': `attachment; filename="${file.name}"`,
    })
    res.end(file.data)
    return
  }
  return sendError(res, new ApiError(404, 'Not Found'))
}

async function handleApi(
  tenant: Tenant,
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  let headers: Record<string, string> = {}
  try {
    const fault = deps.faults?.next()
    if (fault === 'reset') {
      req.socket.destroy()
      return
    }
    if (fault === 'slow') await sleep(deps.faults!.slowMs)
    if (fault === '429')
      throw new ApiError(429, 'Global limit has been reached', 'too_many_requests')
    if (fault === '500') throw new ApiError(500, 'An internal server error occurred')
    if (fault === '503') {
      const searching = method === 'GET' && /^\/api\/v2\/users\/?$/.test(path)
      throw new ApiError(503, searching ? QUERY_TIMEOUT : 'Service Unavailable')
    }

    const verdict = consume(tenant.rateLimits.forApi(endpointGroup(method, path)))
    if (verdict !== undefined) {
      headers = verdict.headers
      if (!verdict.allowed) throw new ApiError(429, verdict.message, 'too_many_requests')
    }
    const { route, params } = matchRoute(API_ROUTES, method, path)
    const principal = authenticate(req.headers.authorization, tenant.signingKey, {
      isAudience: (aud) => tenant.isAudience(aud, req.headers.host),
      issuer: `${tenant.origin()}/`,
      now: tenant.now,
    })
    const body = async () =>
      parseBody(await readBody(req), req.headers['content-type'], BOOLEAN_KEYS)
    const result = await route.handler({ tenant, principal, query, req, body }, params)
    if (method !== 'GET')
      logApiOperation(tenant, req, principal, { method, path, query }, result.status)
    if (result.persist) await deps.writer?.save()
    sendJson(res, result.status, result.body, { ...headers, ...result.headers })
  } catch (err) {
    sendError(res, err, headers)
  }
}

async function handleToken(
  tenant: Tenant,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' }
  try {
    const verdict = consume(tenant.rateLimits.forOAuthToken())
    if (verdict !== undefined && !verdict.allowed) {
      throw new OAuthError(429, 'too_many_requests', verdict.message)
    }
    let body: unknown
    try {
      body = parseBody(await readBody(req), req.headers['content-type'])
    } catch (err) {
      if (err instanceof ApiError)
        throw new OAuthError(err.statusCode, 'invalid_request', err.message)
      throw err
    }
    const token = await issueToken(tenant, body, {
      authorization: req.headers.authorization,
      host: req.headers.host,
      ip: clientIp(req),
    })
    sendJson(res, 200, token, { ...noStore, ...(verdict?.headers ?? {}) })
  } catch (err) {
    if (err instanceof OAuthError) return sendJson(res, err.statusCode, err.body(), noStore)
    sendError(res, err)
  }
}

/** The end user's IP for brute-force counting: Auth0 trusts `auth0-forwarded-for` from servers. */
function clientIp(req: IncomingMessage): string {
  const forwarded = req.headers['auth0-forwarded-for']
  if (typeof forwarded === 'string' && forwarded.trim() !== '') return forwarded.trim().slice(0, 64)
  return req.socket.remoteAddress ?? ''
}

function sendAnswer(res: ServerResponse, answer: AuthAnswer): void {
  if (typeof answer.body === 'object' && answer.body !== null) {
    return sendJson(res, answer.status, answer.body, answer.headers)
  }
  const text = typeof answer.body === 'string' ? Buffer.from(answer.body, 'utf8') : undefined
  res.writeHead(answer.status, {
    ...answer.headers,
    ...(text === undefined ? {} : { 'content-length': String(text.length) }),
  })
  res.end(text)
}

function sendError(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): void {
  const error = err instanceof ApiError ? err : undefined
  if (error === undefined) {
    console.error('auth0plus emulator: unexpected error', err)
  }
  const apiError = error ?? new ApiError(500, 'An internal server error occurred')
  // After a 413 the rest of the body may still be in flight: close rather than read it.
  const extra: Record<string, string> = apiError.statusCode === 413 ? { connection: 'close' } : {}
  sendJson(res, apiError.statusCode, apiError.body(), { ...headers, ...extra })
}
