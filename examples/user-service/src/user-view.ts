import type { User } from 'auth0plus'

/**
 * Tokens an identity provider issued for a social or enterprise identity: Auth0 returns them
 * to a client holding `read:user_idp_tokens`. They act for the person at Google, GitHub…, so
 * they are the service's business at most, never its callers'.
 */
const IDP_TOKEN_FIELDS = ['access_token', 'access_token_secret', 'refresh_token'] as const

/**
 * A user as the service answers it: every attribute, minus the identity providers' tokens.
 *
 * @example
 * userView(user) // → { user_id, email, identities: [{ provider: 'google-oauth2', … }], … } (no access_token)
 */
export function userView(user: User): Record<string, unknown> {
  const view: Record<string, unknown> = user.asDict()
  if (Array.isArray(view.identities)) {
    view.identities = view.identities.map((identity: unknown) => {
      if (typeof identity !== 'object' || identity === null) return identity
      const copy: Record<string, unknown> = { ...identity }
      for (const field of IDP_TOKEN_FIELDS) delete copy[field]
      return copy
    })
  }
  return view
}
