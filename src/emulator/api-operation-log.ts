import type { IncomingMessage } from 'node:http'
import type { Principal } from './auth.js'
import { MAX_LOG_TEXT } from './log-events.js'
import { requestOrigin } from './log-user-event.js'
import { setOwn } from './own-keys.js'
import type { Tenant } from './tenant.js'

/**
 * The human titles Auth0 puts in `sapi` log events ("Create a User", "Delete a User"), by
 * method and path. Writes without a title here are logged as "API Operation" [I].
 */
const TITLES: readonly [string, RegExp, string][] = [
  ['POST', /^\/api\/v2\/users\/?$/, 'Create a User'],
  ['PATCH', /^\/api\/v2\/users\/[^/]+\/?$/, 'Update a User'],
  ['DELETE', /^\/api\/v2\/users\/[^/]+\/?$/, 'Delete a User'],
  ['POST', /^\/api\/v2\/users\/[^/]+\/identities\/?$/, 'Link a User Account'],
  ['DELETE', /^\/api\/v2\/users\/[^/]+\/identities\/[^/]+\/[^/]+\/?$/, 'Unlink a User Account'],
  [
    'DELETE',
    /^\/api\/v2\/users\/[^/]+\/authentication-methods\/?$/,
    'Delete all authentication methods of a user',
  ],
  [
    'DELETE',
    /^\/api\/v2\/users\/[^/]+\/authentication-methods\/[^/]+\/?$/,
    'Delete an authentication method',
  ],
  [
    'POST',
    /^\/api\/v2\/users\/[^/]+\/multifactor\/actions\/invalidate-remember-browser\/?$/,
    'Invalidate all remembered browsers for MFA',
  ],
  ['DELETE', /^\/api\/v2\/users\/[^/]+\/sessions\/?$/, 'Delete sessions for a user'],
  ['DELETE', /^\/api\/v2\/users\/[^/]+\/refresh-tokens\/?$/, 'Delete refresh tokens for a user'],
  ['POST', /^\/api\/v2\/tickets\/password-change\/?$/, 'Create a password change ticket'],
  ['POST', /^\/api\/v2\/tickets\/email-verification\/?$/, 'Create an email verification ticket'],
  ['POST', /^\/api\/v2\/jobs\/verification-email\/?$/, 'Send an email address verification email'],
  ['POST', /^\/api\/v2\/jobs\/users-exports\/?$/, 'Create export users job'],
  ['POST', /^\/api\/v2\/jobs\/users-imports\/?$/, 'Create import users job'],
  ['DELETE', /^\/api\/v2\/user-blocks\/?$/, 'Unblock by identifier'],
  ['DELETE', /^\/api\/v2\/user-blocks\/[^/]+\/?$/, 'Unblock a user'],
]

/** The `sapi` title of a Management API write. */
export function operationTitle(method: string, path: string): string {
  return TITLES.find(([m, pattern]) => m === method && pattern.test(path))?.[2] ?? 'API Operation'
}

/**
 * Records a successful Management API write as Auth0's `sapi` event: the title, the calling
 * client, and `details.request` / `details.response` without the bodies (they can hold
 * passwords; Auth0 masks them, the emulator leaves them out).
 */
export function logApiOperation(
  tenant: Tenant,
  req: IncomingMessage,
  principal: Principal,
  request: { method: string; path: string; query: URLSearchParams },
  statusCode: number,
): void {
  const origin = requestOrigin(req)
  tenant.logs.record({
    type: 'sapi',
    description: operationTitle(request.method, request.path),
    client_id: principal.clientId,
    client_name: '',
    ...origin,
    details: {
      request: {
        auth: { credentials: { scopes: [...principal.scopes] }, strategy: 'jwt', user: {} },
        channel: 'api',
        ip: origin.ip,
        method: request.method.toLowerCase(),
        path: request.path.slice(0, MAX_LOG_TEXT),
        query: boundedQuery(request.query),
        userAgent: origin.user_agent,
      },
      response: { statusCode },
    },
  })
}

/** The query as an object, bounded: at most 20 parameters of {@link MAX_LOG_TEXT} characters. */
function boundedQuery(query: URLSearchParams): Record<string, string> {
  const bounded: Record<string, string> = {}
  for (const [key, value] of [...query].slice(0, 20)) {
    // Own data properties, whatever the key (`__proto__` included).
    setOwn(bounded, key.slice(0, 64), value.slice(0, MAX_LOG_TEXT))
  }
  return bounded
}
