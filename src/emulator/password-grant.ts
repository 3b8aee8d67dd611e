import { OAuthError } from './api-error.js'
import { BLOCKED_MESSAGE } from './brute-force.js'
import { PASSWORD_REALM, type Client } from './clients.js'
import { loginLog } from './login-log.js'
import type { Connection } from './connections.js'
import { requiredParam, stringParam, type TokenRequestContext } from './oauth-client.js'
import type { Tenant } from './tenant.js'
import { resolveAudience } from './token-audience.js'
import { connectionOf, type UserRecord } from './user-defaults.js'
import { grantedScopes, userTokenResponse } from './user-tokens.js'

const WRONG_CREDENTIALS = () => new OAuthError(403, 'invalid_grant', 'Wrong email or password.')

const TOO_MANY_ATTEMPTS = () => new OAuthError(429, 'too_many_attempts', BLOCKED_MESSAGE)

/**
 * `grant_type=password` (the tenant's default directory: the first connection) and
 * `http://auth0.com/oauth/grant-type/password-realm` (`realm` = the connection). `username` is
 * the e-mail, or the username on connections that have one. Auth0's answers: a wrong password
 * and an unknown user are the same `403 invalid_grant` `Wrong email or password.`; a blocked
 * identifier (brute-force guard) `429 too_many_attempts`; an admin-blocked user `401
 * unauthorized` `user is blocked` — checked only after the password, so it reveals nothing.
 *
 * @example
 * // body: {grant_type:'password', client_id, client_secret, username:'ann@x.io', password, scope:'openid offline_access'}
 * // → 200 {access_token, refresh_token, id_token, scope:'openid offline_access', expires_in:86400, token_type:'Bearer'}
 */
export async function passwordGrant(
  tenant: Tenant,
  client: Client,
  grantType: string,
  params: Record<string, unknown>,
  context: TokenRequestContext,
): Promise<Record<string, unknown>> {
  const connection = realmOf(tenant, grantType, params)
  const username = requiredParam(params, 'username')
  const password = requiredParam(params, 'password')
  const audienceParam = stringParam(params, 'audience')
  const audience =
    audienceParam === undefined || audienceParam === ''
      ? undefined
      : resolveAudience(tenant, audienceParam, context.host)
  if (audienceParam && audience === undefined) {
    throw new OAuthError(403, 'access_denied', `Service not found: ${audienceParam}`)
  }

  const key = username.trim()
  const guard = tenant.bruteForce
  // The same log events as the login page: s, fp/fu, f, limit_wc (and the blocked e-mail).
  const log = loginLog(tenant, { ip: context.ip }, client.clientId, key)
  if (guard?.isBlocked(key, context.ip)) {
    log.blocked(false)
    throw TOO_MANY_ATTEMPTS()
  }
  const user = findUser(tenant, connection, username)
  if (user === undefined || !(await tenant.passwords.check(user.user_id as string, password))) {
    log.failed('Wrong email or password.')
    if (guard?.recordFailure(key, context.ip) === 'blocked') {
      log.blocked(true)
      throw TOO_MANY_ATTEMPTS()
    }
    throw WRONG_CREDENTIALS()
  }
  guard?.recordSuccess(key, context.ip)
  if (user.blocked === true) {
    log.refused(user, 'user is blocked')
    throw new OAuthError(401, 'unauthorized', 'user is blocked')
  }
  log.succeeded(user)

  const userId = user.user_id as string
  const scopes = grantedScopes(tenant, client, audience, stringParam(params, 'scope'), userId)
  const refreshToken = scopes.includes('offline_access')
    ? tenant.refreshTokens.issue({
        clientId: client.clientId,
        userId,
        audience: audience?.identifier,
        scopes,
      })
    : undefined
  return userTokenResponse(tenant, {
    client,
    user,
    audience,
    scopes,
    gty: 'password',
    ...(refreshToken === undefined ? {} : { refreshToken }),
  })
}

function realmOf(tenant: Tenant, grantType: string, params: Record<string, unknown>): Connection {
  if (grantType !== PASSWORD_REALM) return tenant.connections.default
  const realm = requiredParam(params, 'realm')
  const connection = tenant.connections.byName(realm)
  // [?] Auth0's text for an unknown realm is not recorded.
  if (connection === undefined) {
    throw new OAuthError(400, 'invalid_request', 'The connection does not exist.')
  }
  return connection
}

/** The user of `connection` whose e-mail (or username) this is. */
function findUser(
  tenant: Tenant,
  connection: Connection,
  username: string,
): UserRecord | undefined {
  const lower = username.trim().toLowerCase()
  const inConnection = (user: UserRecord) => connectionOf(user) === connection.name
  const byEmail = tenant.store.findByEmail(lower).find(inConnection)
  if (byEmail !== undefined || !connection.requiresUsername) return byEmail
  return tenant.store.findByUsername(lower).find(inConnection)
}
