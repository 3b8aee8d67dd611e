import { OAuthError } from './api-error.js'
import { exchangeCode } from './authorization-code-grant.js'
import { secretMatches } from './clients.js'
import { signJwt } from './jwt.js'
import type { Tenant } from './tenant.js'

/** Grants Auth0 knows but the emulated applications do not have enabled. */
const OTHER_GRANTS = new Set([
  'password',
  'authorization_code',
  'refresh_token',
  'implicit',
  'http://auth0.com/oauth/grant-type/password-realm',
  'http://auth0.com/oauth/grant-type/passwordless/otp',
  'http://auth0.com/oauth/grant-type/mfa-otp',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:token-exchange',
])

const unauthorized = () => new OAuthError(401, 'access_denied', 'Unauthorized')
const grantNotAllowed = (grantType: string) =>
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
  if (match === null) throw unauthorized()
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) throw unauthorized()
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon)),
      secret: decodeURIComponent(decoded.slice(colon + 1)),
    }
  } catch {
    throw unauthorized()
  }
}

/**
 * POST /oauth/token: client credentials for machine-to-machine clients, `authorization_code`
 * (with PKCE, see {@link exchangeCode}) for native apps. Answers Auth0's token response, or its
 * OAuth-style errors: 401 `access_denied`/`Unauthorized` for bad credentials, 403
 * `Service not found: <aud>` for an audience this tenant does not serve, 403 for a client
 * without a client grant.
 *
 * @example
 * // body: {grant_type:'client_credentials', client_id, client_secret, audience:'https://127.0.0.1:4010/api/v2/'}
 * // → 200 {access_token:'eyJ…', scope:'read:users …', expires_in:86400, token_type:'Bearer'}
 */
export function issueToken(
  tenant: Tenant,
  body: unknown,
  authorization: string | undefined,
  hostHeader: string | undefined,
): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OAuthError(400, 'invalid_request', 'Missing required parameter: grant_type')
  }
  const params = body as Record<string, unknown>
  const grantType = params.grant_type
  if (typeof grantType !== 'string' || grantType === '') {
    throw new OAuthError(400, 'invalid_request', 'Missing required parameter: grant_type')
  }
  if (grantType !== 'client_credentials' && !OTHER_GRANTS.has(grantType)) {
    throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`)
  }
  const basic = basicCredentials(authorization)
  const clientId = typeof params.client_id === 'string' ? params.client_id : basic.id
  const secret = typeof params.client_secret === 'string' ? params.client_secret : basic.secret
  const client = clientId === undefined ? undefined : tenant.clients.get(clientId)
  if (client === undefined) throw unauthorized()
  // A native app is a public client: no secret to check, and only the code grant.
  if (client.appType === 'native') {
    if (grantType !== 'authorization_code') throw grantNotAllowed(grantType)
    return exchangeCode(tenant, client, params)
  }
  if (!secretMatches(client, secret)) throw unauthorized()
  if (grantType !== 'client_credentials' || !client.clientCredentials) {
    throw grantNotAllowed(grantType)
  }
  const audience = params.audience ?? params.resource
  if (typeof audience !== 'string' || audience === '') {
    throw new OAuthError(
      403,
      'access_denied',
      'No audience parameter was provided, and no default audience has been configured',
    )
  }
  if (!tenant.isAudience(audience, hostHeader)) {
    throw new OAuthError(403, 'access_denied', `Service not found: ${audience}`)
  }
  if (!client.grant) {
    throw new OAuthError(
      403,
      'access_denied',
      `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`,
    )
  }
  // A `scope` parameter narrows the token to the granted scopes it names; others are dropped.
  const requested = typeof params.scope === 'string' ? new Set(params.scope.split(' ')) : undefined
  const scopes = client.scopes.filter((scope) => requested === undefined || requested.has(scope))
  const iat = Math.floor(tenant.now() / 1000)
  const claims = {
    iss: `${tenant.origin()}/`,
    sub: `${client.clientId}@clients`,
    aud: audience,
    iat,
    exp: iat + tenant.tokenLifetimeSeconds,
    scope: scopes.join(' '),
    gty: 'client-credentials',
    azp: client.clientId,
  }
  return {
    access_token: signJwt(claims, tenant.signingKey),
    scope: claims.scope,
    expires_in: tenant.tokenLifetimeSeconds,
    token_type: 'Bearer',
  }
}
