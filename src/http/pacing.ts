import type { RateLimitInfo } from '../errors.js'
import type { HttpMethod } from './types.js'
import { RatePacer, type RatePacerOptions, type Ticket } from './rate-pacer.js'

/** Past this many routes or buckets, new ones share one pacer: paths and headers come from outside. */
const MAX_ENTRIES = 64
const OVERFLOW = 'overflow'

/** A permit from {@link Pacing.acquire}; hand it back to `observe` or `abandon`. */
export interface PacingTicket {
  readonly route: string
  readonly pacer: RatePacer
  readonly ticket: Ticket
}

/**
 * The route a request is paced by: the kind of method and the resource, `read /users`,
 * `write /users`, `delete /users`, `read /roles`; ids and sub-paths do not make a new one
 * (`/users/{id}` and `/users/{id}/roles` share `read /users`). Auth0 keys its buckets by API and
 * endpoint, and publishes its users limits per read (GET), write (POST, PATCH) and delete.
 *
 * @example
 * routeOf('PATCH', '/users/auth0%7C1') //=> 'write /users'
 */
export function routeOf(method: HttpMethod, path: string): string {
  const resource = /^\/([^/?#]*)/.exec(path)?.[1] ?? ''
  const kind = method === 'GET' ? 'read' : method === 'DELETE' ? 'delete' : 'write'
  return `${kind} /${resource}`
}

/**
 * The pacing of one client: one {@link RatePacer} per bucket of the tenant, so every request the
 * client sends (its retries included) waits for a token of the bucket it will spend.
 *
 * No header names the bucket, so buckets are told apart by their size: routes whose answers
 * report the same `x-ratelimit-limit` share one pacer. That is exact for the plans with one
 * global Management API bucket (Free: 2, Enterprise: 50), where a read and a write spend the same
 * tokens and two pacers would each think the bucket theirs, and it splits Essentials' users
 * buckets (reads 40; writes and deletes 20 — those two are paced as one, which errs slow when
 * both run at once). A route goes alone until its first answer tells its bucket. Each pacer also
 * counts the client's requests in flight on the other buckets against `remaining`.
 *
 * @example
 * const pacing = new Pacing({ now, sleep })
 * const permit = await pacing.acquire('POST', '/users')
 * // send, then:
 * pacing.observe(permit, res.rateLimit, res.status === 429)
 */
export class Pacing {
  readonly #options: RatePacerOptions
  /** Route → the bucket its answers report (`limit 50`), once known. */
  readonly #buckets = new Map<string, string>()
  /** Bucket (or a route not yet placed) → its pacer. */
  readonly #pacers = new Map<string, RatePacer>()

  constructor(options: Omit<RatePacerOptions, 'othersInFlight'> = {}) {
    this.#options = options
  }

  /** Resolves when the bucket of `method path` has a token for one more request. */
  async acquire(method: HttpMethod, path: string): Promise<PacingTicket> {
    const route = routeOf(method, path)
    const pacer = this.#pacer(this.#buckets.get(route) ?? `route ${route}`)
    return { route, pacer, ticket: await pacer.acquire() }
  }

  /** Reads the answer's rate-limit headers (`undefined` when none) and whether it was a 429. */
  observe(permit: PacingTicket, info: RateLimitInfo | undefined, throttled: boolean): void {
    permit.pacer.observe(permit.ticket, info, throttled)
    if (info === undefined || this.#buckets.has(permit.route)) return
    if (this.#buckets.size >= MAX_ENTRIES) return
    const bucket = `limit ${info.limit}`
    this.#buckets.set(permit.route, bucket)
    // The route's next requests go through the bucket's pacer; tell it what this answer said.
    const shared = this.#pacer(bucket)
    if (shared !== permit.pacer) shared.learn(info, permit.ticket.sentAt)
  }

  /** The request got no answer (a network error). */
  abandon(permit: PacingTicket): void {
    permit.pacer.abandon(permit.ticket)
  }

  #pacer(name: string): RatePacer {
    const key = this.#pacers.has(name) || this.#pacers.size < MAX_ENTRIES ? name : OVERFLOW
    let pacer = this.#pacers.get(key)
    if (pacer === undefined) {
      const othersInFlight = () => this.#inFlight() - (pacer?.inFlight ?? 0)
      pacer = new RatePacer({ ...this.#options, othersInFlight })
      this.#pacers.set(key, pacer)
    }
    return pacer
  }

  #inFlight(): number {
    let total = 0
    for (const pacer of this.#pacers.values()) total += pacer.inFlight
    return total
  }
}
