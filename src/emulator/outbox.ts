import { randomAlphanumeric } from './connections.js'
import type { Clock } from './clock.js'
import { isoTimestamp } from './user-defaults.js'

/** Messages kept at most [I]; past this the oldest is dropped. */
export const MAX_OUTBOX_MESSAGES = 1_000

/** Which of Auth0's e-mail templates a message stands for. */
export type EmailKind = 'verify_email' | 'reset_email' | 'blocked_account'

/** An e-mail the tenant would have sent. */
export interface OutboxMessage {
  id: string
  kind: EmailKind
  to: string
  subject: string
  text: string
  /** The link the person is meant to follow (a ticket URL on the emulator). */
  link: string | undefined
  user_id: string | undefined
  created_at: string
}

/** What tests read: `tenant.outbox.list({ to })`, `tenant.outbox.clear()`. */
export interface OutboxReader {
  /** Messages oldest first; `to` matches the address case-insensitively. */
  list(filter?: { to?: string }): OutboxMessage[]
  clear(): void
}

/**
 * The e-mails the tenant would have sent (verification, password reset, blocked account), kept
 * for tests instead of being delivered. Bounded: at most {@link MAX_OUTBOX_MESSAGES}.
 */
export class Outbox implements OutboxReader {
  readonly #messages: OutboxMessage[] = []

  constructor(
    private readonly now: Clock,
    readonly maxMessages = MAX_OUTBOX_MESSAGES,
  ) {}

  send(message: Omit<OutboxMessage, 'id' | 'created_at'>): OutboxMessage {
    const stored: OutboxMessage = {
      id: `msg_${randomAlphanumeric(16)}`,
      ...message,
      created_at: isoTimestamp(this.now()),
    }
    this.#messages.push(stored)
    if (this.#messages.length > this.maxMessages) this.#messages.shift()
    return stored
  }

  list(filter: { to?: string } = {}): OutboxMessage[] {
    const to = filter.to?.toLowerCase()
    return this.#messages
      .filter((message) => to === undefined || message.to.toLowerCase() === to)
      .map((message) => ({ ...message }))
  }

  clear(): void {
    this.#messages.length = 0
  }
}
