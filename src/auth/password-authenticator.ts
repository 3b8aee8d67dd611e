import { InvalidArgument, UnexpectedAnswer, type RequestInfo } from '../errors.js'
import { errorFromResponse } from '../wire/error-from-response.js'
import { Transport } from '../wire/transport.js'
import type { TenantAddress } from './tenant-address.js'

/** Auth0's Resource Owner Password grant with a realm (a database connection's name). */
export const PASSWORD_REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm'

const TOKEN_PATH = '/oauth/token'

/** One login attempt: who, with which password, in which connection. */
export interface PasswordAttempt {
  /** The e-mail or username, as the person types it. */
  username: string
  password: string
  /** The database connection's name. */
  realm: string
  /**
   * The person's IP, sent as `auth0-forwarded-for` so brute-force protection counts their
   * failures, not the server's (the client needs "Trust Token Endpoint IP Header" on).
   */
  ip?: string
}

/** The outcome: the user the credentials belong to, or `undefined` for wrong credentials. */
export type PasswordOutcome = { userId: string } | undefined

/**
 * Checks a person's password with the password-realm grant on POST /oauth/token, as the
 * application whose client id and secret it holds. A wrong e-mail or password (`invalid_grant`)
 * is `undefined`; every other refusal (a blocked user, too many attempts, MFA required, a grant
 * the client may not use) is the `Auth0Error` Auth0 answered, `errorCode` saying which.
 *
 * The password goes on the wire once and nowhere else: it is scrubbed from any error and never
 * logged. The answer's tokens are not kept: only the id token's `sub` is read (not verified:
 * it only chooses which user the caller then fetches with its Management API token).
 *
 * @example
 * await authenticator.check({ username: 'angus@acdc.com', password: '…', realm: 'Username-Password-Authentication' })
 * // POST /oauth/token {"grant_type":"http://auth0.com/oauth/grant-type/password-realm","username":"angus@acdc.com",
 * //   "password":"…","realm":"Username-Password-Authentication","scope":"openid","client_id":"…","client_secret":"…"}
 * //=> { userId: 'auth0|64f1…' }
 */
export class PasswordAuthenticator {
  readonly #address: TenantAddress
  readonly #clientId: string
  readonly #clientSecret: string
  readonly #timeout: number

  constructor(options: {
    address: TenantAddress
    clientId: string
    clientSecret: string
    timeout?: number
  }) {
    this.#address = options.address
    this.#clientId = options.clientId
    this.#clientSecret = options.clientSecret
    this.#timeout = options.timeout ?? 10_000
  }

  /** One grant request; see the class doc. */
  async check(attempt: PasswordAttempt): Promise<PasswordOutcome> {
    const { username, password, realm, ip } = attempt
    const info: RequestInfo = { method: 'POST', path: TOKEN_PATH }
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
    }
    if (ip !== undefined) headers['auth0-forwarded-for'] = ip
    // One attempt, no retry: a replayed login would count twice towards brute-force protection.
    const transport = new Transport({ keepAlive: false })
    const res = await transport.send(
      {
        method: 'POST',
        url: `${this.#address.origin}${TOKEN_PATH}`,
        headers,
        body: JSON.stringify({
          grant_type: PASSWORD_REALM_GRANT,
          username,
          password,
          realm,
          scope: 'openid',
          client_id: this.#clientId,
          client_secret: this.#clientSecret,
        }),
        timeout: this.#timeout,
      },
      info,
    )
    if (res.status >= 200 && res.status < 300) return { userId: subjectOf(res.text) }
    const error = errorFromResponse(res, info, [password, this.#clientSecret])
    if (error.errorCode === 'invalid_grant' && !/blocked/i.test(error.message)) return undefined
    throw error
  }
}

/** Refuses what cannot be a login before anything is sent. */
export function checkAttempt(attempt: PasswordAttempt): void {
  for (const name of ['username', 'password', 'realm'] as const) {
    const value = attempt[name]
    if (typeof value !== 'string' || value === '') {
      throw new InvalidArgument(
        `${name === 'username' ? 'email or username' : name} must be a non-empty string.`,
      )
    }
  }
  if (
    attempt.ip !== undefined &&
    (typeof attempt.ip !== 'string' || !/^[0-9A-Fa-f.:]+$/.test(attempt.ip))
  ) {
    throw new InvalidArgument('ip must be an IPv4 or IPv6 address.')
  }
}

/** The `sub` of the answer's id token (or of a JWT access token), decoded without verifying. */
function subjectOf(text: string): string {
  const body = parseJson(text)
  for (const token of [body?.id_token, body?.access_token]) {
    const sub = typeof token === 'string' ? jwtSubject(token) : undefined
    if (sub !== undefined) return sub
  }
  throw new UnexpectedAnswer(
    'The token endpoint accepted the password but answered without an id token naming the user.',
  )
}

function jwtSubject(token: string): string | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  const payload = parseJson(Buffer.from(parts[1]!, 'base64url').toString('utf8'))
  const sub = payload?.sub
  return typeof sub === 'string' && sub !== '' ? sub : undefined
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
