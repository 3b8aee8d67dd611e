import { callbackAllowed } from './callback-urls.js'
import type { AuthAnswer } from './auth-api.js'
import { authorizeErrorPage } from './login-pages.js'
import type { Tenant } from './tenant.js'

const PAGE = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }

/**
 * GET /v2/logout?client_id=…&returnTo=…: the emulator keeps no login session, so logging out is
 * only the redirect. `returnTo` must be one of the app's Allowed Logout URLs (with `client_id`)
 * or the tenant's (without), matched like callbacks; with `client_id` and no `returnTo`, the
 * app's first allowed URL. A refused `returnTo` gets an error page, never a redirect (an open
 * redirect otherwise).
 */
export function logout(tenant: Tenant, query: URLSearchParams): AuthAnswer {
  const clientId = query.get('client_id')
  const client = clientId === null ? undefined : tenant.clients.get(clientId)
  if (clientId !== null && client === undefined) {
    return page(400, 'Unknown client.', `Unknown client: ${clientId}`)
  }
  const allowed = client?.allowedLogoutUrls ?? tenant.allowedLogoutUrls
  const returnTo = query.get('returnTo') ?? client?.allowedLogoutUrls[0]
  if (returnTo === undefined) {
    return { status: 200, body: 'OK', headers: PAGE }
  }
  if (!callbackAllowed(allowed, returnTo)) {
    return page(
      400,
      'Invalid request.',
      `The "returnTo" querystring parameter "${returnTo}" is not defined as a valid URL in "Allowed Logout URLs".`,
    )
  }
  return { status: 302, headers: { location: returnTo, 'cache-control': 'no-store' } }
}

function page(status: number, title: string, description: string): AuthAnswer {
  return { status, body: authorizeErrorPage(title, description), headers: PAGE }
}
