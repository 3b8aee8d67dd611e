import { ApiError } from './api-error.js'
import type { Clock } from './clock.js'
import { verifyJwt, type SigningKey } from './jwt.js'

/** Who is calling the Management API, from a verified access token. */
export interface Principal {
  clientId: string
  scopes: ReadonlySet<string>
}

/** JWT-layer 401s carry the message again in `attributes.error` (recorded body). */
const jwtError = (message: string) => new ApiError(401, message, undefined, { error: message })

/**
 * Signatures already verified, per key: a bulk job sends the same token thousands of times and
 * an RSA verify per request would dominate the emulator's CPU. Expiry is still checked each time.
 */
const verified = new WeakMap<SigningKey, Map<string, Record<string, unknown>>>()
const CACHE_SIZE = 256

function verifiedClaims(token: string, key: SigningKey): Record<string, unknown> {
  let cache = verified.get(key)
  if (cache === undefined) verified.set(key, (cache = new Map()))
  const hit = cache.get(token)
  if (hit !== undefined) return hit
  const result = verifyJwt(token, key)
  if ('failure' in result) {
    throw jwtError(
      result.failure === 'signature'
        ? 'Invalid signature received for JSON Web Token validation'
        : 'Invalid token',
    )
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!)
  cache.set(token, result.claims)
  return result.claims
}

/** What a token must match besides the signature. */
export interface TokenChecks {
  isAudience: (aud: string) => boolean
  /** The tenant's `iss` claim: `{domain}/`. */
  issuer: string
  now: Clock
}

/**
 * Verifies `Authorization: Bearer <jwt>` as the Management API does and returns the caller, or
 * throws Auth0's 401: `Missing authentication` (no bearer header), `Invalid token` (malformed,
 * wrong audience, wrong or missing issuer, not yet valid `nbf`),
 * `Invalid signature received for JSON Web Token validation`,
 * `Expired token received for JSON Web Token validation`.
 */
export function authenticate(
  header: string | undefined,
  key: SigningKey,
  checks: TokenChecks,
): Principal {
  const token = bearerToken(header)
  if (token === undefined) throw new ApiError(401, 'Missing authentication')
  const claims = verifiedClaims(token, key)
  const nowMs = checks.now()
  if (typeof claims.exp !== 'number' || nowMs >= claims.exp * 1000) {
    throw jwtError('Expired token received for JSON Web Token validation')
  }
  if (claims.iss !== checks.issuer) throw jwtError('Invalid token')
  if (claims.nbf !== undefined && !(typeof claims.nbf === 'number' && nowMs >= claims.nbf * 1000)) {
    throw jwtError('Invalid token')
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
  if (!audiences.some((aud) => typeof aud === 'string' && checks.isAudience(aud))) {
    throw jwtError('Invalid token')
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : []
  return { clientId: String(claims.azp ?? claims.sub ?? ''), scopes: new Set(scopes) }
}

/**
 * The token of `Bearer <token>`, or undefined. Parsed without a regex over the whole header:
 * `/^Bearer\s+(\S*)\s*$/` backtracks quadratically on `Bearer` + 60,000 spaces + `a b`
 * (14 s of a blocked event loop, before any authentication).
 */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || !/^Bearer\s/i.test(header)) return undefined
  const token = header.slice('Bearer'.length).trim()
  return /\s/.test(token) ? undefined : token
}

/**
 * 403 unless the caller holds one of `anyOf`; the message lists them comma-joined without
 * spaces, as recorded: `Insufficient scope, expected any of: read:users,read:user_idp_tokens`.
 */
export function requireScope(principal: Principal, anyOf: readonly string[]): void {
  if (anyOf.some((scope) => principal.scopes.has(scope))) return
  throw new ApiError(
    403,
    `Insufficient scope, expected any of: ${anyOf.join(',')}`,
    'insufficient_scope',
  )
}
