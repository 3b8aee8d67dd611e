/** Messages kept at most [I]; past this the oldest is dropped. */
export const MAX_OUTBOX_MESSAGES = 1_000

/**
 * An e-mail the tenant would have sent. The fields are those the Authentication API's
 * `/dbconnections` endpoints record; the lifecycle adds the link the person is meant to follow.
 */
export interface SentEmail {
  /** Auth0's template name: `verify_email`, `reset_email`, `blocked_account`, … */
  template: string
  to: string
  userId: string
  connection: string
  clientId: string
  /** ISO timestamp. */
  sentAt: string
  /** The link in the e-mail (a ticket URL on the emulator), when it has one. */
  link?: string
  subject?: string
  text?: string
}

/** What tests read: `tenant.outbox.list({ to })`, `tenant.outbox.clear()`. */
export interface OutboxReader {
  /** Messages oldest first; `to` matches the address case-insensitively. */
  list(filter?: { to?: string }): SentEmail[]
  clear(): void
}

/**
 * The e-mails the tenant would have sent (verification, password reset, blocked account), kept
 * for tests instead of being delivered. Bounded: the most recent `max` only. No password is
 * ever put in one.
 */
export class Outbox implements OutboxReader {
  readonly #emails: SentEmail[] = []

  constructor(private readonly max = MAX_OUTBOX_MESSAGES) {}

  record(email: SentEmail): void {
    this.#emails.push({ ...email })
    if (this.#emails.length > this.max) this.#emails.shift()
  }

  list(filter: { to?: string } = {}): SentEmail[] {
    const to = filter.to?.toLowerCase()
    return this.#emails
      .filter((email) => to === undefined || email.to.toLowerCase() === to)
      .map((email) => ({ ...email }))
  }

  clear(): void {
    this.#emails.length = 0
  }
}
