import { Auth0PlusError } from '../errors.js'

/** Why a login ended without a token. */
export type LoginFailure =
  'timeout' | 'cancelled' | 'state_mismatch' | 'denied' | 'invalid_callback' | 'listen'

/**
 * A login (`login()`, `auth0plus login`) that ended without a token: timed out, cancelled,
 * refused by the tenant (`access_denied` from a rule, `user is blocked`...), or answered with a
 * callback that is not ours. `reason` says which; for `denied`, `error` is the OAuth error code
 * the tenant sent. A refused code exchange is an `Auth0Error` instead (403 `invalid_grant`...).
 * Messages never hold the code, the verifier or a token.
 */
export class LoginError extends Auth0PlusError {
  override name = 'LoginError'
  readonly reason: LoginFailure
  /** The OAuth `error` of a refusal, e.g. `access_denied`. */
  readonly error: string | undefined

  constructor(reason: LoginFailure, message: string, error?: string) {
    super(message)
    this.reason = reason
    this.error = error
  }
}
