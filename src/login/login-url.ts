import type { TenantAddress } from '../auth/tenant-address.js'

/** What goes into the /authorize URL besides the tenant. */
export interface AuthorizeParams {
  clientId: string
  redirectUri: string
  scope: string
  state: string
  codeChallenge: string
}

/**
 * The `/authorize` URL of Authorization Code + PKCE for the Management API audience. It holds
 * nothing secret (the challenge is a hash; the state only has to be unguessable), so it can be
 * printed for a person to open by hand.
 *
 * @example
 * authorizeUrl(resolveTenant('t.eu.auth0.com'), { clientId: 'abc', redirectUri: 'http://127.0.0.1:8484/callback', scope: 'read:users', state, codeChallenge })
 * //=> 'https://t.eu.auth0.com/authorize?response_type=code&client_id=abc&redirect_uri=http%3A%2F%2F127.0.0.1%3A8484%2Fcallback
 * //    &scope=read%3Ausers&audience=https%3A%2F%2Ft.eu.auth0.com%2Fapi%2Fv2%2F&state=…&code_challenge=…&code_challenge_method=S256'
 */
export function authorizeUrl(address: TenantAddress, params: AuthorizeParams): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: params.clientId,
    redirect_uri: params.redirectUri,
    scope: params.scope,
    audience: address.audience,
    state: params.state,
    code_challenge: params.codeChallenge,
    code_challenge_method: 'S256',
  })
  return `${address.origin}/authorize?${query.toString()}`
}
