import { SearchLimitExceeded } from '../errors.js'
import type { ApiRequest } from '../http/types.js'
import type { ApiRecord, Collection, Page, PageCursor } from './collection.js'
import { planPages, type PagePlan } from './page-plan.js'
import { isSliced, withState, type QueryState } from './query-state.js'

/**
 * Evaluates query states against one {@link Collection}: the page plan, the one page walk that
 * iteration, `toArray` and bulk jobs share, the count, and partitions past an offset cap.
 * Query sets hold one and never page themselves, so tests can inject another.
 *
 * @example
 * const executor = new QueryExecutor(usersCollection)
 * executor.compile(state)                 // the first page's request, without I/O
 * for await (const record of executor.walk(state, 1)) …
 */
export class QueryExecutor<T> {
  readonly collection: Collection<T>

  constructor(collection: Collection<T>) {
    this.collection = collection
  }

  /** The request for the first page of `state`; throws what evaluating it would throw first. */
  compile(state: QueryState): ApiRequest {
    const { paging } = this.collection
    if (paging.style === 'checkpoint') {
      return this.collection.pageRequest(state, { from: undefined, take: this.#take(state) })
    }
    const plan = this.#plan(state)
    return this.collection.pageRequest(state, { page: plan.firstPage, perPage: plan.perPage })
  }

  /**
   * How many results `state` holds. Offset paging: one request, a page of one holding only the
   * id, for Auth0's total. Checkpoint paging has no total: the ids are walked and counted.
   */
  async count(state: QueryState): Promise<number> {
    const { start, end } = state
    const { paging, idField } = this.collection
    const idOnly = withState(state, { fields: [idField] })
    if (paging.style === 'checkpoint') {
      let counted = 0
      for await (const _ of this.walk(idOnly, 1)) counted++
      return counted
    }
    const { total } = await this.#fetch(idOnly, { page: 0, perPage: 1 })
    const all = total ?? 0
    return Math.max(0, Math.min(all, end ?? all) - start)
  }

  /**
   * Every record of `state`, page by page. `ahead` is how many pages may be requested before
   * they are read: 1 streams in constant memory, `Infinity` fetches every page at once once the
   * total is known (the HTTP layer bounds the concurrency). Either way the requests are the same.
   */
  async *walk(state: QueryState, ahead: number): AsyncGenerator<ApiRecord> {
    if (state.end !== undefined && state.end <= state.start) return
    if (this.collection.paging.style === 'checkpoint') yield* this.#walkCheckpoint(state)
    else yield* this.#walkOffset(state, ahead)
  }

  async *#walkOffset(state: QueryState, ahead: number): AsyncGenerator<ApiRecord> {
    const { start, end } = state
    const plan = this.#plan(state)
    const first = await this.#fetch(state, { page: plan.firstPage, perPage: plan.perPage })
    const total = first.total ?? 0
    if (total > this.#cap && !isSliced(state) && this.collection.partition) {
      yield* this.#walkPartitions(state, ahead)
      return
    }
    const last = Math.min(total, end ?? total)
    if (last > this.#cap) throw this.#capError(last, total)

    const pending: Promise<Page>[] = []
    let nextPage = plan.firstPage + 1
    const fill = () => {
      while (pending.length < ahead && nextPage * plan.perPage < last) {
        const page = this.#fetch(state, { page: nextPage++, perPage: plan.perPage })
        // The consumer may stop early; an unread page must not crash the process.
        page.catch(() => {})
        pending.push(page)
      }
    }
    let remaining = end === undefined ? Infinity : end - start
    let skip = plan.skip
    let current = first
    for (;;) {
      const taken = current.records.slice(skip, skip + remaining)
      remaining -= taken.length
      skip = 0
      // A short page means the list ended early (users deleted while paging).
      const short = current.records.length < plan.perPage
      if (!short && remaining > 0) fill()
      yield* taken
      const next = pending.shift()
      if (short || remaining <= 0 || next === undefined) return
      current = await next
    }
  }

  /**
   * One partition at a time, one page at a time, so memory stays bounded. Streaming (`ahead` 1)
   * scans when the collection can (no planning requests at all), else plans the next partition
   * while the current one streams, so the first records come after one probe. Collecting (`toArray`, bulk jobs) plans every partition
   * before reading any, so a query that cannot be cut fails before anything is read or acted on.
   */
  async *#walkPartitions(state: QueryState, ahead: number): AsyncGenerator<ApiRecord> {
    const fetch = (part: QueryState, cursor: PageCursor) => this.#fetch(part, cursor)
    if (ahead !== Infinity && this.collection.scan) {
      yield* this.collection.scan(state, fetch)
      return
    }
    const planned = this.collection.partition!(state, fetch)
    if (ahead === Infinity) {
      const all: QueryState[] = []
      for await (const part of planned) all.push(part)
      for (const part of all) yield* this.#walkOffset(part, ahead)
      return
    }
    const parts = planned[Symbol.asyncIterator]()
    try {
      let next = parts.next()
      for (;;) {
        const { done, value } = await next
        if (done) return
        next = parts.next()
        // Read only after this partition: a planning failure must not go unhandled meanwhile.
        next.catch(() => {})
        yield* this.#walkOffset(value, ahead)
      }
    } finally {
      await parts.return?.(undefined)
    }
  }

  async *#walkCheckpoint(state: QueryState): AsyncGenerator<ApiRecord> {
    const { start, end } = state
    let seen = 0
    let from: string | undefined
    for (;;) {
      const page = await this.#fetch(state, { from, take: this.#take(state) })
      for (const record of page.records) {
        if (end !== undefined && seen >= end) return
        if (seen++ >= start) yield record
      }
      if (page.next === undefined || page.records.length === 0) return
      if (end !== undefined && seen >= end) return
      from = page.next
    }
  }

  #fetch(state: QueryState, cursor: PageCursor): Promise<Page> {
    return this.collection.fetchPage(this.collection.pageRequest(state, cursor))
  }

  /** Offset paging: the page plan, refusing a window that starts past the cap. */
  #plan(state: QueryState): PagePlan {
    const { paging } = this.collection
    const { maxPageSize } = paging
    if (state.start >= this.#cap) throw this.#capError(state.start + 1)
    return planPages(state.start, state.end, maxPageSize, this.#cap)
  }

  /** Checkpoint paging: the page size, smaller when the window is. */
  #take(state: QueryState): number {
    const { maxPageSize } = this.collection.paging
    return state.end === undefined ? maxPageSize : Math.max(1, Math.min(maxPageSize, state.end))
  }

  #capError(needed: number, total?: number): SearchLimitExceeded {
    const { noun, pastCap } = this.collection
    const matches = total === undefined ? '' : ` matches ${total} ${noun} and`
    if (pastCap !== undefined) {
      return new SearchLimitExceeded(
        `This set${matches} needs results up to #${needed}, but Auth0 serves only the first ` +
          `${this.#cap} ${noun} of this list, and it has no other paging. ${pastCap}`,
      )
    }
    return new SearchLimitExceeded(
      `This query${matches} needs results up to #${needed}, but Auth0 search serves only the first ` +
        `${this.#cap}. Narrow the query (e.g. by created_at), or read every user with the users export job.`,
    )
  }

  get #cap(): number {
    const { paging } = this.collection
    return paging.style === 'offset' ? paging.cap : Infinity
  }
}
