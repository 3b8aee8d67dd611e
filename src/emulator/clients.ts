import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { randomAlphanumeric } from './connections.js'
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

/** The default client's grant: the users scopes, reading connections (for export jobs), the lifecycle scopes. */
export const DEFAULT_SCOPES: readonly string[] = [
  ...USERS_SCOPES,
  'read:connections',
  ...LIFECYCLE_SCOPES,
]

/**
 * Auth0's application types the emulator knows: `non_interactive` (machine to machine, client
 * credentials) and `native` (a public client: Authorization Code with PKCE, no secret).
 */
export type AppType = 'non_interactive' | 'native'

/**
 * An application of the tenant: by default a machine-to-machine one authorised (or not) for the
 * Management API; with `appType: 'native'` a public client that logs people in through
 * `/authorize` and may only redirect to its `callbacks`.
 */
export interface ClientOptions {
  clientId: string
  /** Required for machine-to-machine clients; a native app has none. */
  clientSecret?: string
  /** Default `'non_interactive'`. */
  appType?: AppType
  /**
   * Allowed Callback URLs (native apps), matched exactly as Auth0 does; a loopback URL
   * registered without a port (`http://127.0.0.1/callback`) accepts any port (see README).
   */
  callbacks?: readonly string[]
  /** Scopes of its client grant (M2M), or the most a user token of this app may carry (native). Default: {@link DEFAULT_SCOPES}. */
  scopes?: readonly string[]
  /** false = no client grant for the Management API: /oauth/token answers 403. Default true. */
  grant?: boolean
  /** false = client_credentials disabled for the app: 403 `unauthorized_client`. Default true. */
  clientCredentials?: boolean
  /** Flagged for Management API access: what the `loginRule` asks of a native app. Default false. */
  managementApi?: boolean
}

export type Client = Required<ClientOptions>

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

/** Fills a client's defaults. A native app never has a secret nor client credentials. */
export function toClient(options: ClientOptions): Client {
  const appType = options.appType ?? 'non_interactive'
  if (appType === 'non_interactive' && !options.clientSecret) {
    throw new Error(`Client ${options.clientId} needs a clientSecret (or appType: 'native')`)
  }
  const native = appType === 'native'
  return {
    clientId: options.clientId,
    clientSecret: native ? '' : options.clientSecret!,
    appType,
    callbacks: options.callbacks ?? [],
    scopes: options.scopes ?? DEFAULT_SCOPES,
    grant: options.grant ?? true,
    clientCredentials: !native && (options.clientCredentials ?? true),
    managementApi: options.managementApi ?? false,
  }
}
