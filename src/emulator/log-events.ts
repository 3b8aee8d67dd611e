import type { Clock } from './clock.js'
import { isoTimestamp } from './user-defaults.js'
import { partitionPoint } from './partition-point.js'

/** Events kept at most [I]; past this the oldest is dropped (Auth0 keeps days, by plan). */
export const MAX_LOG_EVENTS = 10_000

/**
 * Longest text kept in a top-level field [I]: a login form's e-mail or a request path comes from
 * outside (up to a megabyte), and the log holds {@link MAX_LOG_EVENTS} events.
 */
export const MAX_LOG_TEXT = 512

const clip = (value: unknown): unknown =>
  typeof value === 'string' && value.length > MAX_LOG_TEXT ? value.slice(0, MAX_LOG_TEXT) : value

/** What a place on the tenant reports; the store adds `_id`, `log_id`, `date`. */
export interface LogInput {
  /** Auth0's event type code: `s`, `fp`, `fu`, `sapi`, `scp`, `sv`, `limit_wc`, … */
  type: string
  description?: string
  connection?: string
  connection_id?: string
  client_id?: string
  client_name?: string
  ip?: string
  user_agent?: string
  details?: Record<string, unknown>
  user_id?: string
  user_name?: string
  strategy?: string
  strategy_type?: string
}

/** A stored event, keys in the recorded order. */
export type LogEvent = Record<string, unknown> & { log_id: string; type: string; date: string }

const KEY_ORDER = [
  'connection',
  'connection_id',
  'client_id',
  'client_name',
  'ip',
  'details',
  'user_id',
  'user_name',
  'user_agent',
  'strategy',
  'strategy_type',
] as const

/**
 * The tenant's log: every event in `log_id` order (which is time order), capped at
 * {@link MAX_LOG_EVENTS}. Ids are Auth0's shape: 56 digits, `900` + `yyyyMMddHHmmssSSS` + a
 * sequence number, so string order is arrival order even within one millisecond or when the
 * clock is moved back (the time part never goes backwards).
 *
 * @example
 * logs.record({ type: 's', user_id: 'auth0|1', description: 'Successful login' })
 * logs.newestFirst() // [{ _id: '900…', log_id: '900…', date, type: 's', … }]
 */
export class LogStore {
  readonly #events: LogEvent[] = []
  /** Index of the first live event: dropping is O(1), the array is compacted now and then. */
  #head = 0
  #lastMs = 0
  #sequence = 0n

  constructor(
    private readonly now: Clock,
    readonly maxEvents = MAX_LOG_EVENTS,
  ) {}

  get size(): number {
    return this.#events.length - this.#head
  }

  record(input: LogInput): LogEvent {
    this.#lastMs = Math.max(this.#lastMs, this.now())
    this.#sequence += 1n
    const stamp = isoTimestamp(this.#lastMs).replace(/\D/g, '').slice(0, 17)
    const id = `900${stamp}${this.#sequence.toString().padStart(36, '0')}`
    const event: LogEvent = {
      _id: id,
      log_id: id,
      date: isoTimestamp(this.#lastMs),
      type: input.type,
      description: clip(input.description ?? ''),
    }
    for (const key of KEY_ORDER) if (input[key] !== undefined) event[key] = clip(input[key])
    event.isMobile = false
    this.#events.push(event)
    if (this.size > this.maxEvents) this.#head += 1
    if (this.#head >= this.maxEvents) {
      this.#events.splice(0, this.#head)
      this.#head = 0
    }
    return event
  }

  /** Live events, oldest first. */
  all(): LogEvent[] {
    return this.#events.slice(this.#head)
  }

  /** Live events, newest first. */
  newestFirst(): LogEvent[] {
    return this.all().reverse()
  }

  get(id: string): LogEvent | undefined {
    return this.all().find((event) => event.log_id === id)
  }

  /** Checkpoint read: up to `take` events with an id after `from`, oldest first. */
  after(from: string, take: number): LogEvent[] {
    const events = this.all()
    const start = partitionPoint(events.length, (i) => events[i]!.log_id <= from)
    return events.slice(start, start + take)
  }
}
