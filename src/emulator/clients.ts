import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { randomAlphanumeric } from './connections.js'
import { RBAC_SCOPES } from './rbac-scopes.js'
import { LIFECYCLE_SCOPES } from './lifecycle-scopes.js'

/** Every users scope the Management API knows; the default client gets them all. */
export const USERS_SCOPES = [
  'read:users',
  'update:users',
  'delete:users',
  'create:users',
  'read:users_app_metadata',
  'update:users_app_metadata',
  'delete:users_app_metadata',
  'create:users_app_metadata',
  'read:user_idp_tokens',
] as const

/**
 * The default client's grant: the users scopes, reading connections (for export jobs), the
 * scopes of roles, APIs and client grants, and the account-lifecycle scopes.
 */
export const DEFAULT_SCOPES: readonly string[] = [
  ...USERS_SCOPES,
  'read:connections',
  ...RBAC_SCOPES,
  ...LIFECYCLE_SCOPES,
]

/** Auth0's grant type for the Resource Owner Password grant with a realm (a connection). */
export const PASSWORD_REALM = 'http://auth0.com/oauth/grant-type/password-realm'

/**
 * Auth0's application types: `non_interactive` (machine to machine), `regular_web` (a server
 * side app with a secret), `spa` and `native` (public clients: no secret, PKCE).
 */
export type AppType = 'non_interactive' | 'regular_web' | 'spa' | 'native'

/**
 * The grant types the dashboard enables when an app of each type is created (Application >
 * Advanced > Grant Types). The password grants are never on by default there: enable them with
 * `grantTypes` (the default client has them, see README "Default tenant").
 */
const DEFAULT_GRANT_TYPES: Record<AppType, readonly string[]> = {
  non_interactive: ['client_credentials'],
  regular_web: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
  spa: ['authorization_code', 'implicit', 'refresh_token'],
  native: ['authorization_code', 'implicit', 'refresh_token'],
}

/**
 * An application of the tenant, as `startEmulator({ clients })` and the data file describe it.
 * By default a machine-to-machine one authorised (or not) for the Management API.
 */
export interface ClientOptions {
  clientId: string
  /** Required for `non_interactive` and `regular_web`; public clients (`spa`, `native`) have none. */
  clientSecret?: string
  /** Default `'non_interactive'`. */
  appType?: AppType
  /**
   * Allowed Callback URLs, matched exactly as Auth0 does; a loopback URL registered without a
   * port (`http://127.0.0.1/callback`) accepts any port (see README).
   */
  callbacks?: readonly string[]
  /** Allowed Logout URLs: where `/v2/logout?client_id=…&returnTo=…` may send the browser. */
  allowedLogoutUrls?: readonly string[]
  /** Auth0's `grant_types`. Default: the dashboard's for the app type (see README). */
  grantTypes?: readonly string[]
  /** Scopes of its Management API client grant (M2M), or the most a user token of this app may carry for it. Default: {@link DEFAULT_SCOPES}. */
  scopes?: readonly string[]
  /** false = no client grant for the Management API: client credentials answer 403. Default true. */
  grant?: boolean
  /** false = removes `client_credentials` from the grant types (403 `unauthorized_client`). */
  clientCredentials?: boolean
  /** Flagged for Management API access: what the `loginRule` asks of an app. Default false. */
  managementApi?: boolean
  /** Auth0's `refresh_token.rotation_type`. Default `'non-rotating'` (Auth0's default). */
  refreshTokenRotation?: 'rotating' | 'non-rotating'
}

/** A client with its defaults filled in. */
export interface Client {
  clientId: string
  /** '' for public clients. */
  clientSecret: string
  appType: AppType
  /** Public clients (SPA, native) authenticate with `token_endpoint_auth_method: none`. */
  isPublic: boolean
  callbacks: readonly string[]
  allowedLogoutUrls: readonly string[]
  grantTypes: ReadonlySet<string>
  scopes: readonly string[]
  grant: boolean
  managementApi: boolean
  refreshTokenRotation: 'rotating' | 'non-rotating'
}

/** A new client id in Auth0's shape (32 alphanumerics) and a 64-character secret. */
export function newClientCredentials(): { clientId: string; clientSecret: string } {
  return { clientId: randomAlphanumeric(32), clientSecret: randomBytes(48).toString('base64url') }
}

/**
 * True when `secret` is the client's. Both sides are hashed first so the constant-time compare
 * sees equal lengths and the time taken says nothing about the secret (not even its length).
 */
export function secretMatches(client: Client, secret: string | undefined): boolean {
  if (typeof secret !== 'string' || client.clientSecret === '') return false
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest()
  return timingSafeEqual(digest(secret), digest(client.clientSecret))
}

/** Fills a client's defaults; a public client never has a secret nor client credentials. */
export function toClient(options: ClientOptions): Client {
  const appType = options.appType ?? 'non_interactive'
  // The data file is edited by hand: an unknown type must not reach a prototype lookup.
  if (!Object.hasOwn(DEFAULT_GRANT_TYPES, appType)) {
    throw new Error(`Client ${options.clientId}: unknown appType ${String(appType)}`)
  }
  const isPublic = appType === 'spa' || appType === 'native'
  if (!isPublic && !options.clientSecret) {
    throw new Error(`Client ${options.clientId} needs a clientSecret (or appType 'spa'/'native')`)
  }
  const grantTypes = new Set(options.grantTypes ?? DEFAULT_GRANT_TYPES[appType])
  if (isPublic || options.clientCredentials === false) grantTypes.delete('client_credentials')
  return {
    clientId: options.clientId,
    clientSecret: isPublic ? '' : options.clientSecret!,
    appType,
    isPublic,
    callbacks: options.callbacks ?? [],
    allowedLogoutUrls: options.allowedLogoutUrls ?? [],
    grantTypes,
    scopes: options.scopes ?? DEFAULT_SCOPES,
    grant: options.grant ?? true,
    managementApi: options.managementApi ?? false,
    refreshTokenRotation: options.refreshTokenRotation ?? 'non-rotating',
  }
}

/** Back to options, for the data file (secrets included: the file is the tenant, mode 0600). */
export function toClientOptions(client: Client): ClientOptions {
  return {
    clientId: client.clientId,
    ...(client.isPublic ? {} : { clientSecret: client.clientSecret }),
    appType: client.appType,
    callbacks: client.callbacks,
    allowedLogoutUrls: client.allowedLogoutUrls,
    grantTypes: [...client.grantTypes],
    scopes: client.scopes,
    grant: client.grant,
    managementApi: client.managementApi,
    refreshTokenRotation: client.refreshTokenRotation,
  }
}
