import { randomBytes } from 'node:crypto'
import { randomAlphanumeric } from './connections.js'

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

/** A machine-to-machine application authorised (or not) for the Management API. */
export interface ClientOptions {
  clientId: string
  clientSecret: string
  /** Scopes of its client grant. Default: {@link USERS_SCOPES}. */
  scopes?: readonly string[]
  /** false = no client grant for the Management API: /oauth/token answers 403. Default true. */
  grant?: boolean
  /** false = client_credentials disabled for the app: 403 `unauthorized_client`. Default true. */
  clientCredentials?: boolean
}

export type Client = Required<ClientOptions>

/** A new client id in Auth0's shape (32 alphanumerics) and a 64-character secret. */
export function newClientCredentials(): { clientId: string; clientSecret: string } {
  return { clientId: randomAlphanumeric(32), clientSecret: randomBytes(48).toString('base64url') }
}

/** Fills a client's defaults. */
export function toClient(options: ClientOptions): Client {
  return {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    scopes: options.scopes ?? USERS_SCOPES,
    grant: options.grant ?? true,
    clientCredentials: options.clientCredentials ?? true,
  }
}
