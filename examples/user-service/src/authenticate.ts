import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose'
import { HttpError } from './http-error.js'

/** Who may verify callers: the tenant that issues their tokens and the API they are for. */
export interface AuthSettings {
  /** The tenant's token issuer, `https://tenant.eu.auth0.com/` (with the trailing slash). */
  issuer: string
  /** The `aud` a caller's token must carry (SERVICE_AUDIENCE). */
  audience: string
}

/** A verified caller: the token's subject and what it may do. */
export interface Caller {
  subject: string
  /**
   * What the token lets the caller do here: the names in its `permissions` claim (the user's
   * roles, with RBAC on) that its `scope` also grants (what the front end asked for).
   */
  permissions: ReadonlySet<string>
}

/** Reads the `Authorization` header of a request and answers the verified caller. */
export type Authenticate = (authorization: string | undefined) => Promise<Caller>

/** Seconds of clock skew forgiven on `exp` and `nbf`: enough for NTP drift, not for replay. */
const CLOCK_TOLERANCE_SECONDS = 5
const MAX_TOKEN_LENGTH = 8192
// RFC 6750 §2.1: `Bearer <b64token>`.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i
const REALM = 'realm="user-service"'

/** Token problems that are the caller's (401); anything else means we could not check (503). */
const REFUSED: ReadonlyArray<[new (...args: never[]) => Error, string]> = [
  [errors.JWTExpired, 'The token has expired.'],
  [errors.JWSSignatureVerificationFailed, "The token's signature does not verify."],
  [errors.JWKSNoMatchingKey, "The token is not signed by one of the tenant's keys."],
  [errors.JWKSMultipleMatchingKeys, "The token is not signed by one of the tenant's keys."],
  [errors.JOSEAlgNotAllowed, 'The token must be signed with RS256.'],
  [errors.JOSENotSupported, 'The token uses a feature this service does not accept.'],
  [errors.JWSInvalid, 'The token is not a valid JWT.'],
  [errors.JWTInvalid, 'The token is not a valid JWT.'],
]

/**
 * Verifies bearer JWTs from the tenant with `jose`: the RS256 signature against the tenant's
 * JWKS (`{issuer}.well-known/jwks.json`, fetched once and cached by jose, refetched at most
 * every 30 s for an unknown `kid`), then `iss`, `aud`, `exp` and `nbf`. Answers are fixed
 * sentences: the token itself is never echoed nor logged. The caller's permissions are the
 * RBAC `permissions` claim narrowed by `scope` (see {@link Caller}); a token without the
 * claim (an API without RBAC, where anyone may ask for any scope) grants nothing.
 *
 * @example
 * const authenticate = createAuthenticator({ issuer: 'https://t.eu.auth0.com/', audience: 'https://users.example/api' })
 * await authenticate('Bearer eyJ…') // → { subject: 'auth0|64f1…', permissions: Set { 'read:users' } }
 * await authenticate(undefined) // throws HttpError 401, WWW-Authenticate: Bearer realm="user-service"
 */
export function createAuthenticator(
  settings: AuthSettings,
  now: () => number = Date.now,
): Authenticate {
  const keys = createRemoteJWKSet(new URL('.well-known/jwks.json', settings.issuer))
  return async (authorization) => {
    const token = bearerToken(authorization)
    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(now()),
        requiredClaims: ['exp', 'sub'],
      }))
    } catch (error) {
      throw verificationError(error)
    }
    return { subject: payload.sub!, permissions: permissionsOf(payload) }
  }
}

/** 403 for a verified caller whose token lacks `permission`, as RFC 6750 §3.1 words it. */
export function insufficientScope(permission: string): HttpError {
  return new HttpError(403, `This request needs the '${permission}' permission.`, {
    headers: {
      'WWW-Authenticate': `Bearer ${REALM}, error="insufficient_scope", scope="${permission}"`,
    },
  })
}

function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === '') {
    // RFC 6750 §3.1: no error code when the request had no credentials at all.
    throw new HttpError(401, 'Send an access token: Authorization: Bearer <token>.', {
      headers: { 'WWW-Authenticate': `Bearer ${REALM}` },
    })
  }
  const token = authorization.length <= MAX_TOKEN_LENGTH ? BEARER.exec(authorization)?.[1] : ''
  if (!token) throw invalidToken('The Authorization header must be: Bearer <token>.')
  return token
}

function verificationError(error: unknown): HttpError {
  for (const [type, message] of REFUSED) if (error instanceof type) return invalidToken(message)
  // After JWTExpired, which extends it.
  if (error instanceof errors.JWTClaimValidationFailed) {
    return invalidToken(`The token's '${error.claim}' claim is not accepted here.`)
  }
  // The JWKS could not be fetched or read: not the caller's fault, and not a reason to let in.
  return new HttpError(503, "The tenant's signing keys cannot be fetched; try again later.", {
    cause: error,
  })
}

function invalidToken(description: string): HttpError {
  return new HttpError(401, description, {
    headers: {
      'WWW-Authenticate': `Bearer ${REALM}, error="invalid_token", error_description="${description.replaceAll('"', "'")}"`,
    },
  })
}

/**
 * The `permissions` claim (Auth0's RBAC with "Add Permissions in the Access Token": every
 * permission the user's roles hold on this API) narrowed by `scope` (the ones this token was
 * asked for, so a front end can hold a least-privilege token). `scope` alone is never enough:
 * without RBAC the tenant grants any scope the API defines to anyone who can log in.
 */
function permissionsOf(payload: JWTPayload): Set<string> {
  const held = Array.isArray(payload.permissions) ? payload.permissions : []
  const asked = new Set(typeof payload.scope === 'string' ? payload.scope.split(' ') : [])
  return new Set(held.filter((name): name is string => typeof name === 'string' && asked.has(name)))
}
