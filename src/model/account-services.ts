import { JobsApi } from '../api/jobs-api.js'
import { TicketsApi } from '../api/tickets-api.js'
import { UserAccountApi } from '../api/user-account-api.js'
import { UserBlocksApi } from '../api/user-blocks-api.js'
import {
  checkAttempt,
  type PasswordAttempt,
  type PasswordAuthenticator,
  type PasswordOutcome,
} from '../auth/password-authenticator.js'
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
}

/** The account services of one tenant; `connection` is the realm when a user has none of its own. */
export function accountServices(scope: {
  http: HttpClient
  connection: string | undefined
  authenticator?: PasswordAuthenticator
}): AccountServices {
  const jobs = new JobsApi(scope.http)
  return {
    tickets: new TicketsApi(scope.http),
    blocks: new UserBlocksApi(scope.http),
    account: new UserAccountApi(scope.http),
    verificationEmail: async (body) => new Job(jobs, await jobs.createVerificationEmail(body)),
    checkPassword: async (attempt) => {
      const checked = { ...attempt, realm: attempt.realm ?? scope.connection } as PasswordAttempt
      if (checked.realm === undefined) {
        throw new InvalidArgument(
          'Checking a password needs the connection: pass defaultConnection to new Auth0().',
        )
      }
      checkAttempt(checked)
      if (!scope.authenticator) {
        throw new InvalidArgument(
          "Checking a password needs the application's credentials: pass clientId and " +
            'clientSecret to new Auth0().',
        )
      }
      return scope.authenticator.check(checked)
    },
  }
}
