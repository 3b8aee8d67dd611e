import { OAuthError } from './api-error.js'
import type { Client } from './clients.js'
import { requiredParam, stringParam, type TokenRequestContext } from './oauth-client.js'
import type { Tenant } from './tenant.js'
import { resolveAudience } from './token-audience.js'
import { userTokenResponse } from './user-tokens.js'

const invalidRefreshToken = () =>
  new OAuthError(403, 'invalid_grant', 'Unknown or invalid refresh token.')

/**
 * `grant_type=refresh_token`: new tokens for the login the refresh token came from. A `scope`
 * parameter may narrow the scopes (never widen them). With rotation (`refreshTokenRotation:
 * 'rotating'`) the used token is spent and a new one is returned; presenting a spent one again
 * revokes its whole family (Auth0's reuse detection). Without rotation no `refresh_token` is
 * returned and the same one keeps working. Refusals: `403 invalid_grant` `Unknown or invalid
 * refresh token.`; a user blocked since → `403 invalid_grant` `user is blocked`.
 */
export function refreshTokenGrant(
  tenant: Tenant,
  client: Client,
  params: Record<string, unknown>,
  context: TokenRequestContext,
): Record<string, unknown> {
  const token = requiredParam(params, 'refresh_token')
  const rotate = client.refreshTokenRotation === 'rotating'
  const grant = tenant.refreshTokens.exchange(token, client.clientId, rotate)
  if (grant === undefined) throw invalidRefreshToken()
  const user = tenant.store.get(grant.userId)
  if (user === undefined) {
    tenant.refreshTokens.revokeFamily(grant.family)
    throw invalidRefreshToken()
  }
  if (user.blocked === true) throw new OAuthError(403, 'invalid_grant', 'user is blocked')
  const audience =
    grant.audience === undefined ? undefined : resolveAudience(tenant, grant.audience, context.host)
  if (grant.audience !== undefined && audience === undefined) throw invalidRefreshToken()

  const narrowed = stringParam(params, 'scope')
  const wanted = narrowed === undefined ? undefined : new Set(narrowed.split(' '))
  const scopes = grant.scopes.filter((scope) => wanted === undefined || wanted.has(scope))
  const next = rotate ? tenant.refreshTokens.issue(grant, grant.family) : undefined
  return userTokenResponse(tenant, {
    client,
    user,
    audience,
    scopes,
    gty: 'refresh_token',
    ...(next === undefined ? {} : { refreshToken: next }),
  })
}
