import { inspect } from 'node:util'
import { InvalidArgument } from '../errors.js'
import type { ApiRequest } from '../http/types.js'
import type { QueryExecutor } from './query-executor.js'
import { EMPTY_STATE, isSliced, withState, type QueryState } from './query-state.js'

/**
 * A lazy, immutable set of records of one resource: frozen {@link QueryState} plus an injected
 * {@link QueryExecutor} that knows how the resource pages. Refining methods return a new set and
 * send nothing; `count`, `toArray`, `at`, `first`, `exists` and `for await` reach Auth0, and
 * `compile()` shows the first request without sending it. Resource-specific sets (users: lucene
 * filters, bulk jobs) extend it.
 *
 * @example
 * const firstTen = set.slice(0, 10)
 * firstTen.compile() // { method: 'GET', path: '/users', params: { …, page: 0, per_page: 10 } }
 * await firstTen.toArray()
 */
export abstract class QuerySet<T> implements AsyncIterable<T> {
  protected readonly executor: QueryExecutor<T>
  protected readonly state: QueryState
  /** Filled by `toArray()`; clones never carry it. */
  #cache: T[] | undefined

  constructor(executor: QueryExecutor<T>, state: QueryState = EMPTY_STATE) {
    this.executor = executor
    this.state = state
  }

  /** A set of the same kind over `state` (no cache). */
  protected abstract derive(state: QueryState): this

  protected with(change: Partial<QueryState>): this {
    return this.derive(withState(this.state, change))
  }

  // ---- Refining: returns a new set and makes no request. ----

  /**
   * Results `[start, end)`, like `Array.prototype.slice` without negative indexes (Auth0
   * cannot count from the end). Slicing a slice narrows it; filtering one is an error.
   */
  slice(start: number, end?: number): this {
    checkIndex(start, 'slice start')
    if (end !== undefined) checkIndex(end, 'slice end')
    const base = this.state
    const from = base.start + start
    let to = end === undefined ? base.end : base.start + Math.max(end, start)
    if (base.end !== undefined && to !== undefined) to = Math.min(to, base.end)
    return this.with({ start: Math.min(from, to ?? from), end: to })
  }

  /** The first request evaluating this set sends, without sending it. */
  compile(): ApiRequest {
    return this.executor.compile(this.state)
  }

  // ---- Evaluating: these reach Auth0. ----

  /** How many records match: one small request for Auth0's total (offset-paged resources). */
  async count(): Promise<number> {
    if (this.#cache) return this.#cache.length
    return this.executor.count(this.state)
  }

  async exists(): Promise<boolean> {
    return (await this.count()) > 0
  }

  /** The record at index `i` of this set, or `undefined`. */
  async at(i: number): Promise<T | undefined> {
    checkIndex(i, 'index')
    if (this.#cache) return this.#cache[i]
    const [item] = await this.slice(i, i + 1).toArray()
    return item
  }

  async first(): Promise<T | undefined> {
    return this.at(0)
  }

  /** Every matching record. Cached: a second call makes no request. */
  async toArray(): Promise<T[]> {
    if (!this.#cache) {
      const items: T[] = []
      for await (const record of this.executor.walk(this.state, Infinity)) {
        items.push(this.executor.collection.hydrate(record))
      }
      this.#cache = items
    }
    return [...this.#cache]
  }

  /** Streams page by page in constant memory; uses the cache when filled. */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#cache) {
      yield* this.#cache
      return
    }
    for await (const record of this.executor.walk(this.state, 1)) {
      yield this.executor.collection.hydrate(record)
    }
  }

  [inspect.custom](): string {
    const { sort, fields, start, end } = this.state
    const parts = this.describe()
    if (sort) parts.push(`sort=${sort}`)
    if (fields) parts.push(`fields=${fields.join(',')}`)
    if (isSliced(this.state)) parts.push(`slice=[${start}, ${end ?? ''})`)
    return `<${this.constructor.name} ${parts.join(' ')}>`
  }

  /** The leading parts of the inspect form, e.g. `q="…"`. */
  protected describe(): string[] {
    return []
  }

  protected refuseSliced(method: string): void {
    if (isSliced(this.state)) {
      throw new InvalidArgument(`Cannot ${method} a query set once it has been sliced.`)
    }
  }
}

function checkIndex(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidArgument(
      `${what} must be a non-negative integer (Auth0 cannot count from the end), got ${String(value)}.`,
    )
  }
}
