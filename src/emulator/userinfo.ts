import type { AuthAnswer } from './auth-api.js'
import { verifyJwt } from './jwt.js'
import { profileClaims } from './profile-claims.js'
import type { Tenant } from './tenant.js'

/**
 * Auth0's refusal: 401, plain text `Unauthorized`, the reason in `WWW-Authenticate` (recorded
 * in auth0/Auth0.Android#629).
 */
function refuse(description: string): AuthAnswer {
  return {
    status: 401,
    body: 'Unauthorized',
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'www-authenticate': `Bearer realm="Users", error="invalid_token", error_description="${description}"`,
    },
  }
}

/**
 * GET (or POST) /userinfo with `Authorization: Bearer <access token>`: the user's claims the
 * token's scopes release (`sub`, then `profile`, `email`, `phone`, `address` claims). The token
 * must be this tenant's (signature and `iss`), unexpired, for `<issuer>userinfo` and carry `openid`.
 */
export function userinfo(tenant: Tenant, authorization: string | undefined): AuthAnswer {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
  if (match === null) return refuse('Missing access token')
  const result = verifyJwt(match[1]!, tenant.signingKey)
  if ('failure' in result) return refuse('Invalid token')
  const { claims } = result
  if (typeof claims.exp !== 'number' || tenant.now() >= claims.exp * 1000) {
    return refuse('The token has expired')
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : []
  const issuer = `${tenant.origin()}/`
  if (
    claims.iss !== issuer ||
    !audiences.includes(`${issuer}userinfo`) ||
    !scopes.includes('openid')
  ) {
    return refuse('Invalid token')
  }
  const user = typeof claims.sub === 'string' ? tenant.store.get(claims.sub) : undefined
  // [I] a token of a deleted user is refused like an invalid one.
  if (user === undefined) return refuse('Invalid token')
  return { status: 200, body: profileClaims(user, scopes) }
}
