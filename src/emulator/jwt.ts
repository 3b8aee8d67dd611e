import { createPublicKey, createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto'

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url')

/** The RS256 key the tenant signs access tokens with. */
export interface SigningKey {
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
}

/** Wraps a private key (generated at start, or read back from the data file). */
export function signingKeyFrom(privateKey: KeyObject, kid = b64url(randomBytes(12))): SigningKey {
  return { kid, privateKey, publicKey: createPublicKey(privateKey) }
}

/**
 * Signs `claims` as a compact RS256 JWT with a `kid` header, like Auth0's tokens; `typ` is
 * `JWT` (Auth0's profile) or `at+jwt` (RFC 9068 access tokens).
 */
export function signJwt(claims: Record<string, unknown>, key: SigningKey, typ = 'JWT'): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ, kid: key.kid }))
  const payload = b64url(JSON.stringify(claims))
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key.privateKey)
  return `${header}.${payload}.${b64url(signature)}`
}

/** Why a token was refused; each maps to one of Auth0's 401 messages. */
export type JwtFailure = 'malformed' | 'signature'

/**
 * Checks the structure and the RS256 signature and returns the claims, or the failure kind.
 * Expiry and audience are the caller's business (their messages differ).
 */
export function verifyJwt(
  token: string,
  key: SigningKey,
): { claims: Record<string, unknown> } | { failure: JwtFailure } {
  const parts = token.split('.')
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) {
    return { failure: 'malformed' }
  }
  const [header, payload, signature] = parts as [string, string, string]
  let parsedHeader: unknown
  let claims: unknown
  try {
    parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'))
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    return { failure: 'malformed' }
  }
  if (!isObject(parsedHeader) || !isObject(claims) || parsedHeader.alg !== 'RS256') {
    return { failure: 'malformed' }
  }
  const valid = createVerify('RSA-SHA256')
    .update(`${header}.${payload}`)
    .verify(key.publicKey, Buffer.from(signature, 'base64url'))
  return valid ? { claims } : { failure: 'signature' }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
