import type { Clock } from './clock.js'
import { randomAlphanumeric } from './connections.js'
import { ExpiringMap } from './expiring-map.js'

/** Unset or 0 `ttl_sec` means 5 days, as on Auth0. */
export const DEFAULT_TICKET_TTL_SEC = 432_000

/** The longest `ttl_sec` accepted: 30 days [?] (Auth0 publishes no maximum). */
export const MAX_TICKET_TTL_SEC = 2_592_000

/** Tickets kept at most [I]; a newer one pushes out the oldest. */
export const MAX_TICKETS = 10_000

/** What a ticket does when followed. */
export type TicketKind = 'password_change' | 'email_verification' | 'unblock'

/** The emulator's ticket pages, one per kind (the password and verification ones as recorded). */
export const TICKET_PATHS: Record<TicketKind, string> = {
  password_change: '/u/reset-password',
  email_verification: '/u/email-verification',
  unblock: '/u/unblock',
}

export interface Ticket {
  kind: TicketKind
  userId: string
  resultUrl: string | undefined
  markEmailAsVerified: boolean
  includeEmailInRedirect: boolean
  /** For `unblock`: the IP the block is from. */
  ip?: string
  expiresAt: number
}

/**
 * Issued tickets, one use each: `issue` returns the URL Auth0's shape gives
 * (`{origin}/u/reset-password?ticket=<32 alphanumerics>#`), `peek` reads a live ticket,
 * `consume` ends it. Held in an {@link ExpiringMap} (the longest lifetime, a cap), each ticket
 * checked against its own `ttl_sec`.
 */
export class TicketStore {
  readonly #tickets: ExpiringMap<Ticket>

  constructor(
    private readonly now: Clock,
    maxTickets = MAX_TICKETS,
  ) {
    this.#tickets = new ExpiringMap(now, MAX_TICKET_TTL_SEC * 1000, maxTickets)
  }

  get size(): number {
    return this.#tickets.size
  }

  /** Stores a ticket and returns its URL under `origin`. */
  issue(ticket: Omit<Ticket, 'expiresAt'>, ttlSec: number, origin: string): string {
    const id = randomAlphanumeric(32)
    const seconds = ttlSec === 0 ? DEFAULT_TICKET_TTL_SEC : ttlSec
    this.#tickets.set(id, { ...ticket, expiresAt: this.now() + seconds * 1000 })
    return `${origin}${TICKET_PATHS[ticket.kind]}?ticket=${id}#`
  }

  /** The live ticket of `kind`, or undefined (unknown, used, expired, or another kind). */
  peek(id: string, kind: TicketKind): Ticket | undefined {
    const ticket = this.#tickets.get(id)
    if (ticket === undefined || ticket.kind !== kind) return undefined
    if (this.now() >= ticket.expiresAt) {
      this.#tickets.delete(id)
      return undefined
    }
    return ticket
  }

  /** Ends a ticket: following it again finds nothing. */
  consume(id: string): void {
    this.#tickets.delete(id)
  }
}
