import type { UserRecord } from './user-defaults.js'

/** The standard claims each OIDC scope releases (OpenID Connect Core §5.4, as Auth0 applies it). */
const SCOPE_CLAIMS = new Map<string, readonly string[]>(
  Object.entries({
    profile: [
      'name',
      'family_name',
      'given_name',
      'middle_name',
      'nickname',
      'preferred_username',
      'picture',
      'updated_at',
    ],
    email: ['email', 'email_verified'],
    phone: ['phone_number', 'phone_verified'],
    address: ['address'],
  }),
)

/**
 * The user's claims the granted `scopes` release, `sub` first: what `/userinfo` answers and
 * what an ID token carries besides its own claims. Claims the profile lacks are left out.
 *
 * @example
 * profileClaims(user, ['openid', 'email']) //=> { sub: 'auth0|…', email: 'a@b.c', email_verified: false }
 */
export function profileClaims(
  user: UserRecord,
  scopes: readonly string[],
): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: user.user_id }
  for (const scope of scopes) {
    for (const name of SCOPE_CLAIMS.get(scope) ?? []) {
      if (Object.hasOwn(user, name) && user[name] !== undefined) claims[name] = user[name]
    }
  }
  return claims
}
