import type { Client } from './clients.js'
import { signAccessToken } from './access-token.js'
import { signJwt } from './jwt.js'
import { profileClaims } from './profile-claims.js'
import type { Tenant } from './tenant.js'
import type { TokenAudience } from './token-audience.js'
import type { UserRecord } from './user-defaults.js'

/** The OIDC scopes: granted to any user token, whatever the audience. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access'])

/** What Auth0 grants a password login that sends no `scope` (recorded ROPG answer). */
export const DEFAULT_USER_SCOPE = 'openid profile email address phone'

/** Auth0's default ID token lifetime (Application > Settings > ID Token Expiration). */
export const ID_TOKEN_LIFETIME_SECONDS = 36_000

/**
 * The scopes a user token gets: the requested OIDC scopes (`offline_access` only when the client
 * may use refresh tokens and the API allows them), plus, for an API audience:
 * - the Management API: the requested scopes the client may grant;
 * - an API with RBAC on: the requested scopes the user holds as permissions;
 * - any other API: the requested scopes it defines.
 * No `scope` parameter at all = the default OIDC scopes plus every scope of the API (Auth0's
 * ROPG docs: a trusted app gets them all).
 */
export function grantedScopes(
  tenant: Tenant,
  client: Client,
  audience: TokenAudience | undefined,
  requested: string | undefined,
  userId: string,
): string[] {
  const names =
    requested === undefined
      ? [
          ...DEFAULT_USER_SCOPE.split(' '),
          ...(audience ? apiScopes(tenant, client, audience, userId) : []),
        ]
      : requested.split(' ').filter(Boolean)
  const allowedApi = new Set(audience ? apiScopes(tenant, client, audience, userId) : [])
  const offline =
    client.grantTypes.has('refresh_token') &&
    (audience === undefined || audience.allowOfflineAccess)
  const granted = names.filter((scope) =>
    scope === 'offline_access' ? offline : OIDC_SCOPES.has(scope) || allowedApi.has(scope),
  )
  return [...new Set(granted)]
}

function apiScopes(
  tenant: Tenant,
  client: Client,
  audience: TokenAudience,
  userId: string,
): readonly string[] {
  if (audience.management) return client.scopes
  if (audience.rbac) return tenant.rbac.permissionsOf(userId, audience.identifier)
  return audience.scopes
}

/** What a user token is issued for. */
export interface UserTokenRequest {
  client: Client
  user: UserRecord
  audience: TokenAudience | undefined
  scopes: readonly string[]
  /** Auth0's `gty`: only `password` and `refresh_token` grants carry one. */
  gty?: 'password' | 'refresh_token'
  /** The `nonce` of the /authorize request, echoed in the ID token. */
  nonce?: string
  refreshToken?: string
}

/**
 * Auth0's token response for a user: an access token (for the API, or for `/userinfo` only
 * when no audience was asked), an ID token when `openid` was granted, the refresh token when
 * one was issued. Claims as spec §10.8: `aud` is an array with `<issuer>userinfo` when `openid`
 * was granted, `permissions` for APIs with an `*_authz` dialect and RBAC on.
 */
export function userTokenResponse(
  tenant: Tenant,
  request: UserTokenRequest,
): Record<string, unknown> {
  const { client, user, audience, scopes } = request
  const issuer = `${tenant.origin()}/`
  const userinfo = `${issuer}userinfo`
  const openid = scopes.includes('openid')
  const iat = Math.floor(tenant.now() / 1000)
  const lifetime = audience?.tokenLifetimeSeconds ?? tenant.tokenLifetimeSeconds
  const userId = user.user_id as string
  const claims: Record<string, unknown> = {
    iss: issuer,
    sub: userId,
    aud:
      audience === undefined
        ? userinfo
        : openid
          ? [audience.identifier, userinfo]
          : audience.identifier,
    iat,
    exp: iat + lifetime,
    scope: scopes.join(' '),
    azp: client.clientId,
  }
  if (request.gty !== undefined) claims.gty = request.gty
  if (audience?.rbac && audience.permissionsClaim) {
    claims.permissions = tenant.rbac.permissionsOf(userId, audience.identifier)
  }
  const response: Record<string, unknown> = {
    access_token: signAccessToken(tenant, audience, claims),
  }
  if (request.refreshToken !== undefined) response.refresh_token = request.refreshToken
  if (openid) {
    response.id_token = signJwt(
      {
        ...profileClaims(user, scopes),
        iss: issuer,
        aud: client.clientId,
        iat,
        exp: iat + ID_TOKEN_LIFETIME_SECONDS,
        ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
      },
      tenant.signingKey,
    )
  }
  response.scope = claims.scope
  response.expires_in = lifetime
  response.token_type = 'Bearer'
  return response
}
