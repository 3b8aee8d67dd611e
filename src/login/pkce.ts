import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** RFC 7636 §4.1: 43 to 128 characters of `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/

/**
 * A fresh PKCE `code_verifier`: 32 random bytes in base64url, 43 characters — the length and
 * entropy RFC 7636 §7.1 recommends, inside its alphabet.
 */
export function createCodeVerifier(): string {
  return randomBytes(32).toString('base64url')
}

/** Whether `value` is a well-formed `code_verifier` (length and alphabet of RFC 7636 §4.1). */
export function isCodeVerifier(value: string): boolean {
  return VERIFIER.test(value)
}

/**
 * The S256 `code_challenge` of a verifier: base64url(SHA-256(ASCII(verifier))), unpadded.
 *
 * @example
 * codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')
 * //=> 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' (RFC 7636 appendix B)
 */
export function codeChallengeS256(verifier: string): string {
  if (!isCodeVerifier(verifier)) {
    throw new RangeError('A code_verifier is 43-128 characters of A-Z a-z 0-9 - . _ ~')
  }
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}

/** A fresh `state`: 16 random bytes (128 bits) in base64url, unguessable by another page. */
export function createState(): string {
  return randomBytes(16).toString('base64url')
}

/** Compares a returned `state` with the one sent, in constant time. */
export function stateMatches(expected: string, received: string | null | undefined): boolean {
  if (typeof received !== 'string') return false
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(received, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}
