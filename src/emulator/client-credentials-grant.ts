import { OAuthError } from './api-error.js'
import type { Client } from './clients.js'
import { signAccessToken } from './access-token.js'
import { stringParam } from './oauth-client.js'
import type { Tenant } from './tenant.js'
import { resolveAudience } from './token-audience.js'

/**
 * `grant_type=client_credentials`: a token for the client itself (`sub` = `<client_id>@clients`,
 * `gty` = `client-credentials`) for an API it has a client grant for. The token's scopes are the
 * grant's, narrowed by a `scope` parameter when one is sent.
 *
 * @example
 * // body: {grant_type:'client_credentials', client_id, client_secret, audience:'https://127.0.0.1:4010/api/v2/'}
 * // → 200 {access_token:'eyJ…', scope:'read:users …', expires_in:86400, token_type:'Bearer'}
 */
export function clientCredentialsGrant(
  tenant: Tenant,
  client: Client,
  params: Record<string, unknown>,
  hostHeader: string | undefined,
): Record<string, unknown> {
  const audience = stringParam(params, 'audience') ?? stringParam(params, 'resource')
  if (audience === undefined || audience === '') {
    throw new OAuthError(
      403,
      'access_denied',
      'No audience parameter was provided, and no default audience has been configured',
    )
  }
  const api = resolveAudience(tenant, audience, hostHeader)
  if (api === undefined) {
    throw new OAuthError(403, 'access_denied', `Service not found: ${audience}`)
  }
  // Management API grants come from the clients option (M2M apps, `grant`), as /client-grants lists them.
  const managed = client.appType === 'non_interactive' && client.grant
  const granted = api.management
    ? managed
      ? client.scopes
      : undefined
    : tenant.rbac.clientGrant(client.clientId, api.identifier)?.scope
  if (granted === undefined) {
    throw new OAuthError(
      403,
      'access_denied',
      `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`,
    )
  }
  // A `scope` parameter narrows the token to the granted scopes it names; others are dropped.
  const scope = stringParam(params, 'scope')
  const requested = scope === undefined ? undefined : new Set(scope.split(' '))
  const scopes = granted.filter((name) => requested === undefined || requested.has(name))
  const iat = Math.floor(tenant.now() / 1000)
  const claims: Record<string, unknown> = {
    iss: `${tenant.origin()}/`,
    sub: `${client.clientId}@clients`,
    aud: audience,
    iat,
    exp: iat + api.tokenLifetimeSeconds,
    scope: scopes.join(' '),
    gty: 'client-credentials',
    azp: client.clientId,
  }
  // [I] With RBAC and an *_authz dialect, Auth0 lists the granted scopes as permissions too.
  if (api.rbac && api.permissionsClaim) claims.permissions = scopes
  return {
    access_token: signAccessToken(tenant, api, claims),
    scope: claims.scope,
    expires_in: api.tokenLifetimeSeconds,
    token_type: 'Bearer',
  }
}
