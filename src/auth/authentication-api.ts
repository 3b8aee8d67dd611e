import { InvalidArgument, UnexpectedAnswer } from '../errors.js'
import { errorFromResponse } from '../wire/error-from-response.js'
import { Transport, type WireResponse } from '../wire/transport.js'
import type { TenantAddress } from './tenant-address.js'

/** Auth0's Resource Owner Password grant with a realm (a database connection's name). */
export const PASSWORD_REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm'

const TOKEN_PATH = '/oauth/token'
const CHANGE_PASSWORD_PATH = '/dbconnections/change_password'

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
 * The Authentication API endpoints the library calls as the `Auth0`'s application (its client
 * id, and secret where the endpoint needs one): the password-realm grant that checks a
 * person's password, and the change-password e-mail.
 *
 * `checkPassword`: a wrong e-mail or password (`invalid_grant`) is `undefined`; every other
 * refusal (a blocked user, too many attempts, MFA required, a grant the client may not use) is
 * the `Auth0Error` Auth0 answered, `errorCode` saying which. The password goes on the wire once
 * and nowhere else: it is scrubbed from any error and never logged. The answer's tokens are not
 * kept: only the id token's `sub` is read (not verified: it only chooses which user the caller
 * then fetches with its Management API token).
 *
 * @example
 * await authentication.checkPassword({ username: 'angus@acdc.com', password: '…', realm: 'Username-Password-Authentication' })
 * // POST /oauth/token {"grant_type":"http://auth0.com/oauth/grant-type/password-realm","username":"angus@acdc.com",
 * //   "password":"…","realm":"Username-Password-Authentication","scope":"openid","client_id":"…","client_secret":"…"}
 * //=> { userId: 'auth0|64f1…' }
 */
export class AuthenticationApi {
  readonly #address: TenantAddress
  readonly #clientId: string
  readonly #clientSecret: string | undefined
  readonly #timeout: number

  constructor(options: {
    address: TenantAddress
    clientId: string
    clientSecret?: string
    timeout?: number
  }) {
    this.#address = options.address
    this.#clientId = options.clientId
    this.#clientSecret = options.clientSecret
    this.#timeout = options.timeout ?? 10_000
  }

  /** One password-realm grant; see the class doc. */
  async checkPassword(attempt: PasswordAttempt): Promise<PasswordOutcome> {
    const { username, password, realm, ip } = attempt
    const clientSecret = this.#clientSecret
    if (clientSecret === undefined) {
      throw new InvalidArgument(
        "Checking a password needs the application's credentials: pass clientId and " +
          'clientSecret to new Auth0().',
      )
    }
    const headers: Record<string, string> = {}
    if (ip !== undefined) headers['auth0-forwarded-for'] = ip
    const body = {
      grant_type: PASSWORD_REALM_GRANT,
      username,
      password,
      realm,
      scope: 'openid',
      client_id: this.#clientId,
      client_secret: clientSecret,
    }
    const res = await this.#post(TOKEN_PATH, body, headers)
    if (res.status >= 200 && res.status < 300) return { userId: subjectOf(res.text) }
    const error = errorFromResponse(res, { method: 'POST', path: TOKEN_PATH }, [
      password,
      clientSecret,
    ])
    if (error.errorCode === 'invalid_grant' && !/blocked/i.test(error.message)) return undefined
    throw error
  }

  /**
   * POST /dbconnections/change_password: Auth0 e-mails the person a link to set a new password
   * (its "Change Password" template). Auth0 answers the same for an unknown e-mail.
   *
   * @example
   * await authentication.sendChangePasswordEmail({ email: 'angus@acdc.com', connection: 'Username-Password-Authentication' })
   * // POST /dbconnections/change_password {"client_id":"…","email":"angus@acdc.com","connection":"Username-Password-Authentication"}
   */
  async sendChangePasswordEmail(request: { email: string; connection: string }): Promise<void> {
    const body = { client_id: this.#clientId, email: request.email, connection: request.connection }
    const res = await this.#post(CHANGE_PASSWORD_PATH, body, {})
    if (res.status < 200 || res.status >= 300) {
      throw errorFromResponse(res, { method: 'POST', path: CHANGE_PASSWORD_PATH }, [])
    }
  }

  /** One attempt, no retry: a replayed login would count twice towards brute-force protection. */
  #post(path: string, body: object, headers: Record<string, string>): Promise<WireResponse> {
    const transport = new Transport({ keepAlive: false })
    return transport.send(
      {
        method: 'POST',
        url: `${this.#address.origin}${path}`,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
        body: JSON.stringify(body),
        timeout: this.#timeout,
      },
      { method: 'POST', path },
    )
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
