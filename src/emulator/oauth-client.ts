import { OAuthError } from './api-error.js'
import { secretMatches, type Client } from './clients.js'
import type { Tenant } from './tenant.js'

/** What the token endpoint knows of the request besides its body. */
export interface TokenRequestContext {
  authorization: string | undefined
  host: string | undefined
  /** The end user's IP: `auth0-forwarded-for` when sent, else the caller's address. */
  ip: string
}

export const unauthorizedClient = () => new OAuthError(401, 'access_denied', 'Unauthorized')

export const grantNotAllowed = (grantType: string) =>
  new OAuthError(
    403,
    'unauthorized_client',
    `Grant type '${grantType}' not allowed for the client.`,
  )

/**
 * `client_secret_basic`: credentials in `Authorization: Basic base64(id:secret)`, each part
 * percent-encoded (RFC 6749 §2.3.1). A Basic header that is not valid base64 of `id:secret` with
 * valid percent-encoding is a failed client authentication (401), never a crash.
 */
function basicCredentials(header: string | undefined): { id?: string; secret?: string } {
  if (!/^Basic(\s|$)/i.test(header ?? '')) return {}
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})$/i.exec(header!)
  if (match === null) throw unauthorizedClient()
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) throw unauthorizedClient()
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon)),
      secret: decodeURIComponent(decoded.slice(colon + 1)),
    }
  } catch {
    throw unauthorizedClient()
  }
}

/**
 * The calling application, authenticated as Auth0 does: `client_secret_post` (body) or
 * `client_secret_basic` (header) for confidential clients; public ones (SPA, native) send only
 * `client_id` (`token_endpoint_auth_method: none`). Unknown client or wrong secret → 401
 * `access_denied` `Unauthorized`.
 */
export function authenticateClient(
  tenant: Tenant,
  params: Record<string, unknown>,
  authorization: string | undefined,
): Client {
  const basic = basicCredentials(authorization)
  const clientId = typeof params.client_id === 'string' ? params.client_id : basic.id
  const secret = typeof params.client_secret === 'string' ? params.client_secret : basic.secret
  const client = clientId === undefined ? undefined : tenant.clients.get(clientId)
  if (client === undefined) throw unauthorizedClient()
  if (!client.isPublic && !secretMatches(client, secret)) throw unauthorizedClient()
  return client
}

/** A string parameter, or undefined when absent or not a string. */
export function stringParam(params: Record<string, unknown>, name: string): string | undefined {
  const value = Object.hasOwn(params, name) ? params[name] : undefined
  return typeof value === 'string' ? value : undefined
}

/** 400 `invalid_request` `Missing required parameter: <name>` unless a non-empty string was sent. */
export function requiredParam(params: Record<string, unknown>, name: string): string {
  const value = stringParam(params, name)
  if (value === undefined || value === '') {
    throw new OAuthError(400, 'invalid_request', `Missing required parameter: ${name}`)
  }
  return value
}
