import { OAuthError } from './api-error.js'
import { exchangeCode } from './authorization-code-grant.js'
import { clientCredentialsGrant } from './client-credentials-grant.js'
import { PASSWORD_REALM } from './clients.js'
import { authenticateClient, grantNotAllowed, type TokenRequestContext } from './oauth-client.js'
import { passwordGrant } from './password-grant.js'
import { refreshTokenGrant } from './refresh-token-grant.js'
import type { Tenant } from './tenant.js'

/** Grants Auth0 knows that no emulated application can use. */
const UNSERVED_GRANTS = new Set([
  'implicit',
  'http://auth0.com/oauth/grant-type/passwordless/otp',
  'http://auth0.com/oauth/grant-type/mfa-otp',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:token-exchange',
])

const SERVED_GRANTS = new Set([
  'client_credentials',
  'password',
  PASSWORD_REALM,
  'refresh_token',
  'authorization_code',
])

/**
 * POST /oauth/token: authenticates the client, checks that its `grant_types` hold the grant,
 * then hands over to the grant (client credentials, password and password-realm, refresh
 * token, authorization code). Answers Auth0's token response or its OAuth-style errors:
 * `400 invalid_request` / `unsupported_grant_type`, `401 access_denied` `Unauthorized` for a bad
 * client, `403 unauthorized_client` for a grant type the client may not use.
 *
 * @example
 * // body: {grant_type:'client_credentials', client_id, client_secret, audience:'https://127.0.0.1:4010/api/v2/'}
 * // → 200 {access_token:'eyJ…', scope:'read:users …', expires_in:86400, token_type:'Bearer'}
 */
export async function issueToken(
  tenant: Tenant,
  body: unknown,
  context: TokenRequestContext,
): Promise<Record<string, unknown>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OAuthError(400, 'invalid_request', 'Missing required parameter: grant_type')
  }
  const params = body as Record<string, unknown>
  const grantType = Object.hasOwn(params, 'grant_type') ? params.grant_type : undefined
  if (typeof grantType !== 'string' || grantType === '') {
    throw new OAuthError(400, 'invalid_request', 'Missing required parameter: grant_type')
  }
  if (!SERVED_GRANTS.has(grantType) && !UNSERVED_GRANTS.has(grantType)) {
    throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`)
  }
  const client = authenticateClient(tenant, params, context.authorization)
  if (!client.grantTypes.has(grantType) || !SERVED_GRANTS.has(grantType)) {
    throw grantNotAllowed(grantType)
  }
  switch (grantType) {
    case 'client_credentials':
      return clientCredentialsGrant(tenant, client, params, context.host)
    case 'authorization_code':
      return exchangeCode(tenant, client, params, context.host)
    case 'refresh_token':
      return refreshTokenGrant(tenant, client, params, context)
    default:
      return passwordGrant(tenant, client, grantType, params, context)
  }
}
