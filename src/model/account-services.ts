import { JobsApi } from '../api/jobs-api.js'
import { TicketsApi } from '../api/tickets-api.js'
import { UserAccountApi } from '../api/user-account-api.js'
import { UserBlocksApi } from '../api/user-blocks-api.js'
import {
  checkAttempt,
  type AuthenticationApi,
  type PasswordAttempt,
  type PasswordOutcome,
} from '../auth/authentication-api.js'
import { InvalidArgument } from '../errors.js'
import type { HttpClient } from '../http/http-client.js'
import { Job } from './job.js'

/** A login attempt as the caller gave it, checked before it is sent. */
export interface LoginAttempt {
  username: unknown
  password: unknown
  /** The connection; the model's when absent. */
  realm?: string
  ip?: unknown
}

/**
 * What a user's account methods (`UserAccount`) and the users manager send their requests
 * through: the tickets, user-blocks and account APIs, the verification-e-mail job, and the
 * password check, all bound to one tenant and connection.
 */
export interface AccountServices {
  readonly tickets: TicketsApi
  readonly blocks: UserBlocksApi
  readonly account: UserAccountApi
  /** POST /jobs/verification-email, as a {@link Job}. */
  verificationEmail(body: Record<string, unknown>): Promise<Job>
  /** One password-realm grant; `undefined` for wrong credentials. */
  checkPassword(attempt: LoginAttempt): Promise<PasswordOutcome>
  /** Has Auth0 e-mail a change-password link (realm: the model's connection when absent). */
  sendChangePasswordEmail(request: { email: unknown; connection?: string }): Promise<void>
}

/** The account services of one tenant; `connection` is the realm when a user has none of its own. */
export function accountServices(scope: {
  http: HttpClient
  connection: string | undefined
  authentication?: AuthenticationApi
}): AccountServices {
  const jobs = new JobsApi(scope.http)
  const authentication = (what: string): AuthenticationApi => {
    if (!scope.authentication) {
      throw new InvalidArgument(`${what} needs the application's clientId: pass it to new Auth0().`)
    }
    return scope.authentication
  }
  const connection = (given: string | undefined, what: string): string => {
    const realm = given ?? scope.connection
    if (realm === undefined) {
      throw new InvalidArgument(
        `${what} needs the connection: pass defaultConnection to new Auth0().`,
      )
    }
    return realm
  }
  return {
    tickets: new TicketsApi(scope.http),
    blocks: new UserBlocksApi(scope.http),
    account: new UserAccountApi(scope.http),
    verificationEmail: async (body) => new Job(jobs, await jobs.createVerificationEmail(body)),
    checkPassword: async (attempt) => {
      const realm = connection(attempt.realm, 'Checking a password')
      const checked = { ...attempt, realm } as PasswordAttempt
      checkAttempt(checked)
      return authentication('Checking a password').checkPassword(checked)
    },
    sendChangePasswordEmail: async ({ email, connection: given }) => {
      const realm = connection(given, 'A change-password e-mail')
      if (typeof email !== 'string' || email === '') {
        throw new InvalidArgument("A change-password e-mail needs the user's e-mail address.")
      }
      await authentication('A change-password e-mail').sendChangePasswordEmail({
        email,
        connection: realm,
      })
    },
  }
}
