import type { RateLimitInfo } from '../errors.js'
import { RefillEstimator } from './refill-estimator.js'

/** A permit to send one request; hand it back to {@link RatePacer.observe} with the answer. */
export interface Ticket {
  readonly seq: number
  /** When the ticket was handed out: the server took its token at this time or later. */
  readonly sentAt: number
}

export interface RatePacerOptions {
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  /**
   * Requests the client has in flight on its other buckets. Auth0 checks a global bucket before
   * the endpoint's, so their answers may not be counted in `remaining` yet either.
   */
  othersInFlight?: () => number
}

/** Never sleep longer than this at once: a wrong clock or reset header cannot stall the job. */
const MAX_WAIT_MS = 5_000
/** When nothing says when a token comes, look again after this. */
const FALLBACK_WAIT_MS = 250
/** Margin under the learnt refill rate: erring low costs little, erring high costs 429s. */
const RATE_MARGIN = 0.97

/**
 * A client-side copy of the tenant's token bucket, learnt from the `x-ratelimit-*` headers, that
 * hands out one ticket per request so a client runs at the tenant's limit without 429s (one per
 * bucket: see `Pacing` in pacing.ts).
 *
 * - Before the first answer one request goes alone: the bucket's size is unknown (2 on a free
 *   tenant), and its answer tells it.
 * - Each answer resets the local count to `remaining` minus the requests still in flight (which
 *   the server may not have counted yet): a lower bound, so it never over-sends.
 * - With no tokens left it waits for the refill: `(1 - tokens) / rate` once the rate is learnt
 *   ({@link RefillEstimator}), until `x-ratelimit-reset` before that.
 * - Answers without rate-limit headers (a tenant or emulator without limits) lift all pacing.
 *
 * @example
 * const pacer = new RatePacer()
 * const ticket = await pacer.acquire()
 * const res = await transport.send(request, info)
 * pacer.observe(ticket, parseRateLimit(res.headers), res.status === 429)
 */
export class RatePacer {
  readonly #now: () => number
  readonly #sleep: (ms: number) => Promise<void>
  readonly #othersInFlight: () => number
  readonly #estimator = new RefillEstimator()
  /** Local estimate of the server's tokens at `#at`. */
  #tokens = 1
  #at: number
  #limit: number | undefined
  #resetMs: number | undefined
  #unlimited = false
  #inFlight = 0
  #seq = 0
  #lastApplied = -1
  #spent = 0
  /** Tickets are handed out one at a time, in call order. */
  #line: Promise<unknown> = Promise.resolve()
  #answered: (() => void) | undefined

  constructor(options: RatePacerOptions = {}) {
    this.#now = options.now ?? Date.now
    this.#sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
    this.#othersInFlight = options.othersInFlight ?? (() => 0)
    this.#at = this.#now()
  }

  /** Requests sent and not answered yet. */
  get inFlight(): number {
    return this.#inFlight
  }

  /** The learnt refill rate in tokens per second, once known. */
  get perSecond(): number | undefined {
    const perMs = this.#estimator.perMs()
    return perMs === undefined ? undefined : perMs * 1000
  }

  /** Resolves when one more request may go; the caller must send it and then `observe` it. */
  acquire(): Promise<Ticket> {
    const ticket = this.#line.then(() => this.#take())
    this.#line = ticket
    return ticket
  }

  /** A ticket's request got no answer (a network error): the server may or may not have counted it. */
  abandon(_ticket: Ticket): void {
    this.#inFlight--
    this.#spent++
    // Nothing learnt about the bucket yet: the next request goes alone again, at once.
    if (this.#limit === undefined && !this.#unlimited) this.#tokens = Math.max(this.#tokens, 1)
    this.#answered?.()
  }

  /**
   * Reads the answer to a ticket's request: its rate-limit headers (`undefined` when it had
   * none) and whether it was a 429 (a 429 spends no token).
   */
  observe(ticket: Ticket, info: RateLimitInfo | undefined, throttled = false): void {
    this.#inFlight--
    if (!throttled) this.#spent++
    this.#answered?.()
    if (info === undefined) {
      if (this.#limit === undefined) this.#unlimited = true
      return
    }
    this.#apply(ticket, info, throttled)
  }

  /**
   * Takes the bucket's numbers from an answer to a request this pacer did not send (another
   * route found to spend the same bucket), until its own answers say more.
   */
  learn(info: RateLimitInfo, sentAt: number): void {
    if (this.#limit !== undefined) return
    this.#apply({ seq: this.#seq, sentAt }, info, false)
    this.#answered?.()
  }

  #apply({ seq, sentAt }: Ticket, info: RateLimitInfo, throttled: boolean): void {
    this.#unlimited = false
    this.#limit = info.limit
    const now = this.#now()
    this.#estimator.add(
      { at: now, sentAt, remaining: info.remaining, spent: this.#spent, inFlight: this.#inFlight },
      info.limit,
    )
    // An older request's answer describes an older bucket; the newest one seen wins.
    if (seq < this.#lastApplied) return
    this.#lastApplied = seq
    this.#tokens = info.remaining - this.#inFlight - this.#othersInFlight()
    this.#at = now
    this.#resetMs = info.remaining === 0 || throttled ? info.reset * 1000 : undefined
  }

  async #take(): Promise<Ticket> {
    for (;;) {
      if (this.#unlimited) break
      this.#refill()
      if (this.#tokens >= 1) {
        this.#tokens -= 1
        break
      }
      await this.#wait()
    }
    this.#inFlight++
    return { seq: this.#seq++, sentAt: this.#now() }
  }

  #refill(): void {
    const now = this.#now()
    const perMs = this.#estimator.perMs()
    if (perMs !== undefined && this.#limit !== undefined) {
      this.#tokens = Math.min(this.#limit, this.#tokens + (now - this.#at) * perMs * RATE_MARGIN)
    }
    this.#at = now
  }

  /** Until a token should be there, or an answer arrives with fresher headers. */
  async #wait(): Promise<void> {
    const answered = new Promise<void>((resolve) => {
      this.#answered = resolve
    })
    const due = this.#delay()
    // Nothing tells when a token comes until the first answer: wait for it.
    if (due === undefined) return answered
    if (due === 0) return
    const delay = clampWait(due)
    const slept = this.#sleep(delay).then(() => true)
    if (!(await Promise.race([answered.then(() => false), slept]))) return
    if (delay < due) return
    // The wait was computed to end when a token is due: trust it over a clock that may have
    // moved less (an injected one, or a coarse one), so a wait always ends in a send.
    this.#refill()
    this.#tokens = Math.max(this.#tokens, 1)
    this.#resetMs = undefined
  }

  /** Milliseconds until a token is due (unclamped), 0 for now, `undefined` for "ask an answer". */
  #delay(): number | undefined {
    const perMs = this.#estimator.perMs()
    if (perMs !== undefined) return (1 - this.#tokens) / (perMs * RATE_MARGIN)
    // An answer on its way will say more than any guess.
    if (this.#inFlight > 0) return undefined
    // Nothing in flight and no rate learnt yet: one request may go when a token is due.
    const now = this.#now()
    this.#resetMs ??= now + FALLBACK_WAIT_MS
    if (this.#resetMs > now) return this.#resetMs - now
    this.#tokens = Math.max(this.#tokens, 1)
    this.#resetMs = undefined
    return 0
  }
}

function clampWait(ms: number): number {
  return Math.min(MAX_WAIT_MS, Math.max(1, Math.ceil(ms)))
}
