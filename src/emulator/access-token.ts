import { randomBytes } from 'node:crypto'
import { signJwt } from './jwt.js'
import type { Tenant } from './tenant.js'
import type { TokenAudience } from './token-audience.js'

/**
 * Signs an access token in its API's profile (spec §2.3): Auth0's (`typ: JWT`, `azp`, `gty`),
 * or, for the `rfc9068_profile*` dialects, RFC 9068's (`typ: at+jwt`, `client_id` instead of
 * `azp`, a `jti`, never `gty`).
 */
export function signAccessToken(
  tenant: Tenant,
  audience: TokenAudience | undefined,
  claims: Record<string, unknown>,
): string {
  if (audience?.profile !== 'rfc9068') return signJwt(claims, tenant.signingKey)
  const { azp, gty: _gty, ...rest } = claims
  return signJwt(
    { ...rest, client_id: azp, jti: randomBytes(16).toString('hex') },
    tenant.signingKey,
    'at+jwt',
  )
}
