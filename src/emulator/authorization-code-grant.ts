import { createHash } from 'node:crypto'
import { OAuthError } from './api-error.js'
import type { Client } from './clients.js'
import type { Tenant } from './tenant.js'
import { resolveAudience } from './token-audience.js'
import { userTokenResponse } from './user-tokens.js'

/**
 * Auth0's refusals of a code exchange, all `403 invalid_grant`:
 * - `Invalid authorization code` — unknown, used, expired, or another client's code (recorded on
 *   the Auth0 community, "Authorisation code flow: Error 403");
 * - `Failed to verify code verifier` — the PKCE check failed (recorded from an Auth0 tenant in
 *   sitefinitysteve/nativescript-auth0#39, log type `feacft`);
 * - `The redirect URI is wrong. You send <uri>, and we expected <uri>` — not the redirect_uri
 *   of the /authorize request (Auth0's Rails quickstart troubleshooting; the typo is Auth0's).
 */
const invalidGrant = (description: string) => new OAuthError(403, 'invalid_grant', description)

/** base64url(SHA-256(verifier)): RFC 7636's S256. */
function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}

/**
 * `grant_type=authorization_code`, for public clients (PKCE required at /authorize) and
 * confidential ones (the client secret; PKCE when they used it): the code is consumed first (so
 * a failed attempt cannot be retried), then checked against the client, the redirect URI and
 * the PKCE verifier, in that order. The tokens are the user's (see {@link userTokenResponse}):
 * the scopes granted at login, an ID token with the /authorize `nonce` when `openid` was
 * granted, a refresh token for `offline_access`.
 *
 * @example
 * // body: {grant_type:'authorization_code', client_id, code, code_verifier, redirect_uri}
 * // → 200 {access_token:'eyJ…', scope:'read:users', expires_in:86400, token_type:'Bearer'}
 */
export function exchangeCode(
  tenant: Tenant,
  client: Client,
  params: Record<string, unknown>,
  hostHeader: string | undefined,
): Record<string, unknown> {
  const code = params.code
  if (typeof code !== 'string' || code === '') {
    throw new OAuthError(400, 'invalid_request', 'Missing required parameter: code')
  }
  const grant = tenant.codes.take(code)
  if (grant === undefined || grant.clientId !== client.clientId) {
    throw invalidGrant('Invalid authorization code')
  }
  const redirectUri = typeof params.redirect_uri === 'string' ? params.redirect_uri : ''
  if (redirectUri !== grant.redirectUri) {
    throw invalidGrant(
      `The redirect URI is wrong. You send ${redirectUri}, and we expected ${grant.redirectUri}`,
    )
  }
  const verifier = params.code_verifier
  if (grant.codeChallenge !== undefined) {
    if (typeof verifier !== 'string' || s256(verifier) !== grant.codeChallenge) {
      throw invalidGrant('Failed to verify code verifier')
    }
  }
  const user = tenant.store.get(grant.userId)
  const audience =
    grant.audience === undefined ? undefined : resolveAudience(tenant, grant.audience, hostHeader)
  if (user === undefined || (grant.audience !== undefined && audience === undefined)) {
    throw invalidGrant('Invalid authorization code')
  }
  const refreshToken = grant.scopes.includes('offline_access')
    ? tenant.refreshTokens.issue({
        clientId: client.clientId,
        userId: grant.userId,
        audience: grant.audience,
        scopes: grant.scopes,
      })
    : undefined
  return userTokenResponse(tenant, {
    client,
    user,
    audience,
    scopes: grant.scopes,
    ...(grant.nonce === undefined ? {} : { nonce: grant.nonce }),
    ...(refreshToken === undefined ? {} : { refreshToken }),
  })
}
