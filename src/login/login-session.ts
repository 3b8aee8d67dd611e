import { InvalidArgument } from '../errors.js'
import { FileTokenStore } from '../auth/file-token-store.js'
import { resolveTenant } from '../auth/tenant-address.js'
import { tokenKey } from '../auth/token-key.js'
import type { TokenStore } from '../auth/token-store.js'
import { Token } from '../auth/token.js'

/** Which stored login: the tenant, the native app and the audience, as at login. */
export interface LoginSessionOptions {
  domain: string
  clientId: string
  /** Default: the tenant's Management API, `https://{host}/api/v2/`. */
  audience?: string
  /** Default: a {@link FileTokenStore} at its default path (what `auth0plus login` uses). */
  tokenStore?: TokenStore
}

/** The store key of a login token: the same as for any token of this tenant, app and audience. */
export function loginTokenKey(options: LoginSessionOptions): string {
  if (typeof options.clientId !== 'string' || options.clientId === '') {
    throw new InvalidArgument('clientId must be a non-empty string')
  }
  return tokenKey(resolveTenant(options.domain, options.audience), options.clientId)
}

/**
 * The token a previous {@link login} stored, while it has at least `leewaySeconds` (default 60)
 * left; undefined otherwise, so the caller logs in again rather than starting work that the
 * tenant would refuse halfway.
 *
 * @example
 * const token = await storedLoginToken({ domain: 'tenant.eu.auth0.com', clientId })
 * const auth0 = token && new Auth0('tenant.eu.auth0.com', token.access_token)
 */
export async function storedLoginToken(
  options: LoginSessionOptions & { leewaySeconds?: number; now?: () => number },
): Promise<Token | undefined> {
  const key = loginTokenKey(options)
  const stored = await (options.tokenStore ?? new FileTokenStore()).get(key)
  if (stored === undefined) return undefined
  const now = Math.floor((options.now ?? Date.now)() / 1000)
  const left = stored.expires_at - now
  if (left <= (options.leewaySeconds ?? 60)) return undefined
  return new Token({
    access_token: stored.access_token,
    token_type: 'Bearer',
    expires_in: left,
    expires_at: stored.expires_at,
  })
}

/**
 * Forgets the stored login token (`auth0plus logout`). Resolves true when there was one. The
 * token itself stays valid at Auth0 until it expires: access tokens cannot be revoked.
 */
export async function logout(options: LoginSessionOptions): Promise<boolean> {
  const key = loginTokenKey(options)
  const store = options.tokenStore ?? new FileTokenStore()
  const existed = (await store.get(key)) !== undefined
  await store.delete(key)
  return existed
}
