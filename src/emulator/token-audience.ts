import type { Tenant } from './tenant.js'

/** What a token's audience (an API, Auth0's "resource server") decides about the token. */
export interface TokenAudience {
  identifier: string
  /** This tenant's Management API: scopes come from the client's grant (`client.scopes`). */
  management: boolean
  tokenLifetimeSeconds: number
  /** The permissions (scopes) the API defines. */
  scopes: readonly string[]
  /** `enforce_policies`: user tokens carry only the permissions the user holds. */
  rbac: boolean
  /** `token_dialect` `access_token_authz`/`rfc9068_profile_authz` (with RBAC): a `permissions` claim. */
  permissionsClaim: boolean
  /** `allow_offline_access`: refresh tokens for this audience. */
  allowOfflineAccess: boolean
  /** The access token profile: Auth0's, or RFC 9068's for the `rfc9068_profile*` dialects. */
  profile: 'auth0' | 'rfc9068'
}

const AUTHZ_DIALECTS = new Set(['access_token_authz', 'rfc9068_profile_authz'])

/**
 * The API a token is requested for, or undefined when the tenant serves no such audience (the
 * caller answers `Service not found: <aud>`). The Management API answers to the audiences of
 * `tenant.isAudience` (see README "Tokens and audience"); other APIs are the resource servers
 * of the tenant (`tenant.rbac`), matched by their exact identifier.
 */
export function resolveAudience(
  tenant: Tenant,
  audience: string,
  hostHeader: string | undefined,
): TokenAudience | undefined {
  if (tenant.isAudience(audience, hostHeader)) {
    return {
      identifier: audience,
      management: true,
      tokenLifetimeSeconds: tenant.tokenLifetimeSeconds,
      scopes: [],
      rbac: false,
      permissionsClaim: false,
      // [I] Auth0 lets refresh tokens be issued for its Management API.
      allowOfflineAccess: true,
      profile: 'auth0',
    }
  }
  const api = tenant.rbac.resourceServerByIdentifier(audience)
  if (api === undefined || api.is_system === true) return undefined
  const rbac = api.enforce_policies === true
  return {
    identifier: api.identifier,
    management: false,
    tokenLifetimeSeconds:
      typeof api.token_lifetime === 'number' ? api.token_lifetime : tenant.tokenLifetimeSeconds,
    scopes: (api.scopes ?? []).map((scope) => scope.value),
    rbac,
    permissionsClaim: rbac && AUTHZ_DIALECTS.has(String(api.token_dialect)),
    allowOfflineAccess: api.allow_offline_access === true,
    profile: String(api.token_dialect).startsWith('rfc9068_profile') ? 'rfc9068' : 'auth0',
  }
}
