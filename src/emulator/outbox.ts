/** An e-mail the tenant would have sent. No link or secret is kept: tests check who and why. */
export interface SentEmail {
  /** Auth0's template name, e.g. `reset_email` for `/dbconnections/change_password`. */
  template: string
  to: string
  userId: string
  connection: string
  clientId: string
  /** ISO timestamp. */
  sentAt: string
}

/** The most recent e-mails the tenant would have sent, oldest first; at most `max` (default 100). */
export class Outbox {
  readonly #emails: SentEmail[] = []

  constructor(private readonly max = 100) {}

  record(email: SentEmail): void {
    this.#emails.push(email)
    if (this.#emails.length > this.max) this.#emails.shift()
  }

  /** A copy, oldest first. */
  list(): SentEmail[] {
    return [...this.#emails]
  }
}
