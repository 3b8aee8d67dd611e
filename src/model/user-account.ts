import type { UserBlock } from '../api/user-blocks-api.js'
import { InvalidArgument } from '../errors.js'
import {
  AuthenticationMethodSet,
  authenticationMethodsCollection,
} from '../query/authentication-methods.js'
import { logEventsCollection, type LogEvent } from '../query/log-events-collection.js'
import { QueryExecutor } from '../query/query-executor.js'
import { RecordQuerySet } from '../query/record-query-set.js'
import type { Job, JobWaitOptions } from './job.js'
import {
  identityBody,
  wireOptions,
  type EmailVerificationTicketOptions,
  type IdentityRef,
  type PasswordChangeTicketOptions,
} from './lifecycle-options.js'
import { Model, type Attributes } from './model.js'
import type { Identity } from './user-attributes.js'
import type { AccountServices } from './account-services.js'

/** Options of {@link UserAccount.sendVerificationEmail}. */
export interface VerificationEmailOptions {
  /** The application whose e-mail template and login the message links to. */
  clientId?: string
  organizationId?: string
  /** Send it for this secondary identity instead of the primary one. */
  identity?: IdentityRef
  /** Resolve only once the job is finished (`true`, or how to poll). */
  wait?: boolean | JobWaitOptions
}

/**
 * What happens to a user's account after it is created (API.md §11): tickets, the verification
 * e-mail, linked identities, log events, brute-force blocks, MFA methods, sessions and refresh
 * tokens, and checking a password. `User` extends it; every method needs a saved user and
 * refuses a malformed option before any request.
 */
export abstract class UserAccount extends Model {
  // ---- Tickets and the verification e-mail ----

  /**
   * A one-time link to Auth0's page where the user sets a new password (POST
   * /tickets/password-change). Nothing is e-mailed: send the link yourself.
   *
   * @example
   * await user.passwordChangeTicket({ resultUrl: 'https://app.example/login', ttlSec: 3600 })
   * // POST /tickets/password-change {"user_id":"auth0|…","result_url":"https://app.example/login","ttl_sec":3600}
   * //=> 'https://tenant.eu.auth0.com/u/reset-password?ticket=…#'
   */
  async passwordChangeTicket(options?: PasswordChangeTicketOptions): Promise<string> {
    const body = wireOptions(options, 'passwordChangeTicket')
    const user_id = this.#savedId('create a password-change ticket for')
    return this.#services.tickets.passwordChange({ user_id, ...body })
  }

  /** A one-time link that marks the e-mail verified (POST /tickets/email-verification). */
  async emailVerificationTicket(options?: EmailVerificationTicketOptions): Promise<string> {
    const body = wireOptions(options, 'emailVerificationTicket')
    const user_id = this.#savedId('create an e-mail verification ticket for')
    return this.#services.tickets.emailVerification({ user_id, ...body })
  }

  /**
   * Has Auth0 e-mail the user a link to set a new password (POST
   * /dbconnections/change_password, its "Change Password" template), in the user's connection,
   * as the `Auth0`'s application (`clientId`). A ticket instead gives you the link to send.
   */
  async sendPasswordChangeEmail(): Promise<void> {
    const id = this.#savedId('send a change-password e-mail to')
    const email = (this as Attributes).email
    const connection = this.#databaseConnection(id, 'has no password to change')
    await this.#services.sendChangePasswordEmail({ email, connection })
  }

  /**
   * Has Auth0 e-mail the user its verification message (POST /jobs/verification-email) and
   * returns the {@link Job}; with `{ wait: true }`, once it has completed.
   *
   * @example
   * const job = await user.sendVerificationEmail() // <Job job_… pending>
   * await job.wait()                               // <Job job_… completed>
   */
  async sendVerificationEmail(options: VerificationEmailOptions = {}): Promise<Job> {
    const { wait, ...rest } = checkObject(
      options,
      'sendVerificationEmail',
    ) as VerificationEmailOptions
    if (
      wait !== undefined &&
      typeof wait !== 'boolean' &&
      (typeof wait !== 'object' || wait === null)
    ) {
      throw new InvalidArgument('wait must be true, false, or poll options.')
    }
    const body = wireOptions(rest, 'sendVerificationEmail')
    const user_id = this.#savedId('send a verification e-mail to')
    const job = await this.#services.verificationEmail({ user_id, ...body })
    if (!wait) return job
    return job.wait(wait === true ? {} : wait)
  }

  // ---- Identities ----

  /**
   * Links another account to this one (POST /users/{id}/identities): a `User` (which Auth0 then
   * deletes as a separate user: the instance becomes unsaved) or `{ provider, userId }`.
   * Updates `user.identities` and returns them.
   */
  async link(other: UserAccount | IdentityRef): Promise<Identity[]> {
    const id = this.#savedId('link an identity to')
    const body = other instanceof UserAccount ? this.#secondary(other) : identityBody(other)
    if (this.#isOwn(String(body.provider), String(body.user_id))) {
      throw new InvalidArgument(`Cannot link ${id} to itself.`)
    }
    const identities = await this.#services.account.link(id, body)
    this.absorbFields({ identities })
    if (other instanceof UserAccount) other.forget()
    return this.#identities()
  }

  /**
   * Unlinks a secondary identity (DELETE /users/{id}/identities/{provider}/{userId}); Auth0
   * makes it a separate user again. Updates `user.identities` and returns the rest.
   */
  async unlink(provider: string, userId: string): Promise<Identity[]> {
    const id = this.#savedId('unlink an identity from')
    if (
      typeof provider === 'string' &&
      typeof userId === 'string' &&
      this.#isOwn(provider, userId)
    ) {
      throw new InvalidArgument(
        `${provider}|${userId} is the main identity of ${id}, not a linked one.`,
      )
    }
    const identities = await this.#services.account.unlink(id, provider, userId)
    this.absorbFields({ identities })
    return this.#identities()
  }

  // ---- Logs, blocks, MFA, sessions ----

  /**
   * The user's log events, newest first (GET /users/{id}/logs): a lazy set, sliceable and
   * countable. Auth0 serves the newest 1000 this way; reading past them is `SearchLimitExceeded`.
   *
   * @example
   * await user.logs.slice(0, 3).toArray() // GET /users/auth0%7C…/logs?sort=date%3A-1&page=0&per_page=3&include_totals=true
   */
  get logs(): RecordQuerySet<LogEvent> {
    const collection = logEventsCollection(
      this.#services.account,
      this.#savedId('read the logs of'),
    )
    return new RecordQuerySet(new QueryExecutor(collection))
  }

  /** Brute-force blocks of this user (GET /user-blocks/{id}), `[]` when none. */
  async blocks(): Promise<UserBlock[]> {
    return this.#services.blocks.ofUser(this.#savedId('read the blocks of'))
  }

  /**
   * Lifts the user's brute-force blocks (DELETE /user-blocks/{id}). An administrator's block
   * (`blocked: true`) is an attribute: set it to false and `save()`.
   */
  async unblock(): Promise<void> {
    await this.#services.blocks.unblockUser(this.#savedId('unblock'))
  }

  /** The user's MFA authentication methods: a lazy set with `delete(id)` and `deleteAll()`. */
  get authenticationMethods(): AuthenticationMethodSet {
    const id = this.#savedId('read the authentication methods of')
    const { account } = this.#services
    return new AuthenticationMethodSet(
      new QueryExecutor(authenticationMethodsCollection(account, id)),
      {
        deleteOne: (methodId) => account.deleteAuthenticationMethod(id, methodId),
        deleteAll: () => account.deleteAuthenticationMethods(id),
      },
    )
  }

  /** Makes MFA ask again on every browser the user chose to be remembered on. */
  async invalidateRememberBrowser(): Promise<void> {
    const id = this.#savedId('invalidate the remembered browsers of')
    await this.#services.account.invalidateRememberBrowser(id)
  }

  /** Ends every session of the user (DELETE /users/{id}/sessions; Auth0 finishes it async). */
  async revokeSessions(): Promise<void> {
    await this.#services.account.revokeSessions(this.#savedId('revoke the sessions of'))
  }

  /** Revokes every refresh token of the user (DELETE /users/{id}/refresh-tokens). */
  async revokeRefreshTokens(): Promise<void> {
    await this.#services.account.revokeRefreshTokens(this.#savedId('revoke the refresh tokens of'))
  }

  // ---- Passwords ----

  /**
   * Whether `password` is this user's, as Django's `check_password`: one password-realm grant
   * in the user's connection, with the `Auth0`'s client credentials. Auth0 counts it as a login
   * (logs, `logins_count`), and a wrong one towards brute-force protection.
   *
   * @throws Auth0Error when Auth0 refuses for another reason than a wrong password: `errorCode`
   *   `too_many_attempts` (blocked), `unauthorized` (blocked by an administrator),
   *   `mfa_required`, `unauthorized_client` (the grant is not enabled for the client).
   */
  async checkPassword(password: string, options: { ip?: string } = {}): Promise<boolean> {
    const id = this.#savedId('check the password of')
    const self = this as Attributes & { email?: string; username?: string }
    const username = self.email ?? self.username
    if (typeof username !== 'string' || username === '') {
      throw new InvalidArgument(`Cannot check the password of ${id}: it has no email or username.`)
    }
    const { ip, ...unknown } = checkObject(options, 'checkPassword')
    const extra = Object.keys(unknown)[0]
    if (extra !== undefined) throw new InvalidArgument(`checkPassword() has no option '${extra}'.`)
    const realm = this.#databaseConnection(id, 'has no password to check')
    const outcome = await this.#services.checkPassword({ username, password, realm, ip })
    // Other credentials of the same connection would name another user: not this one's password.
    return outcome?.userId === id
  }

  // ---- Helpers ----

  get #services(): AccountServices {
    return (this.objects as unknown as { account: AccountServices }).account
  }

  /** The id of a saved user, or `InvalidArgument` before any request. */
  #savedId(action: string): string {
    const id = this.requireId(action)
    if (!this._fetched) throw new InvalidArgument(`Cannot ${action} an unsaved ${this.modelName}.`)
    return id
  }

  /** A saved user as the secondary account of a link. */
  #secondary(other: UserAccount): Record<string, unknown> {
    const id = other.#savedId('link')
    const [identity] = other.#identities()
    const bar = id.indexOf('|')
    const provider = identity?.provider ?? (bar > 0 ? id.slice(0, bar) : undefined)
    const user_id = identity?.user_id ?? (bar > 0 ? id.slice(bar + 1) : undefined)
    if (provider === undefined || user_id === undefined) {
      throw new InvalidArgument(`Cannot tell the provider of ${id}: pass { provider, userId }.`)
    }
    return { provider, user_id: String(user_id) }
  }

  /** Whether provider/userId name this user's main identity (bare or full id). */
  #isOwn(provider: string, userId: string): boolean {
    const id = this.getId()
    const main = this.#identities()[0]
    return (
      userId === id ||
      `${provider}|${userId}` === id ||
      (main !== undefined && main.provider === provider && String(main.user_id) === userId)
    )
  }

  /**
   * The database connection of the user's main identity (the model's when the identities were
   * not fetched); a social or enterprise user has no password at Auth0 and is refused.
   */
  #databaseConnection(id: string, why: string): string | undefined {
    const [main] = this.#identities()
    if (main !== undefined && main.provider !== 'auth0') {
      throw new InvalidArgument(`${id} ${why}: it logs in with ${main.provider}.`)
    }
    return main?.connection
  }

  #identities(): Identity[] {
    const identities = (this as Attributes).identities
    return Array.isArray(identities) ? (structuredClone(identities) as Identity[]) : []
  }
}

function checkObject(options: unknown, call: string): Record<string, unknown> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgument(`${call}() takes an object of options.`)
  }
  return options as Record<string, unknown>
}
