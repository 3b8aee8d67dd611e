import type { ApiRequest } from '../http/types.js'
import type { QueryState } from './query-state.js'

/** A record as a list endpoint answers it. */
export type ApiRecord = Record<string, unknown>

/**
 * How a list endpoint pages.
 * - `offset`: `page`/`per_page` with `include_totals` (users, roles, a user's logs); Auth0 serves
 *   at most `cap` results of one list this way (1000 for a users search).
 * - `checkpoint`: `from`/`take` with a `next` cursor (a role's users, connections); no cap, no total.
 */
export type Paging =
  | { readonly style: 'offset'; readonly maxPageSize: number; readonly cap: number }
  | { readonly style: 'checkpoint'; readonly maxPageSize: number }

/** Where one page starts: an offset page, or a checkpoint cursor (`undefined` for the first). */
export type PageCursor =
  | {
      readonly page: number
      readonly perPage: number
      /** false: the records alone, without the total (less work for the server). */
      readonly totals?: boolean
    }
  | { readonly from: string | undefined; readonly take: number }

/** One page as the executor reads it. */
export interface Page {
  records: ApiRecord[]
  /** Offset paging: every result of the query. */
  total?: number
  /** Checkpoint paging: the cursor of the next page, `undefined` on the last. */
  next?: string
}

/**
 * One resource's list endpoint, as the query machinery needs it: how it pages, the request for
 * a page (pure, so `compile()` can show it), how to send it, and how a record becomes an
 * instance. Users, roles, a role's users and a user's logs are each one of these.
 */
export interface Collection<T> {
  readonly paging: Paging
  /** What the records are, plural, for messages: `users`. */
  readonly noun: string
  /** The attribute that identifies a record (`user_id`, `id`); a count fetches only it. */
  readonly idField: string
  /**
   * Offset paging without `partition`: what `SearchLimitExceeded` tells the caller to do
   * instead of reading past `cap` (e.g. read the tenant's logs by checkpoint).
   */
  readonly pastCap?: string
  pageRequest(state: QueryState, cursor: PageCursor): ApiRequest
  fetchPage(request: ApiRequest): Promise<Page>
  hydrate(record: ApiRecord): T
  /**
   * For offset paging past `cap`: the state cut into states that each fit, in result order,
   * each yielded as soon as it is planned. Without it, such a query is refused.
   */
  partition?(
    state: QueryState,
    fetch: (state: QueryState, cursor: PageCursor) => Promise<Page>,
  ): AsyncIterable<QueryState>
  /**
   * For offset paging past `cap`, when reading as a stream: every record in result order, read
   * range by range as it goes, so the first records come after one page and no request is
   * spent on planning. Without it, streaming walks the `partition` plan.
   */
  scan?(
    state: QueryState,
    fetch: (state: QueryState, cursor: PageCursor) => Promise<Page>,
  ): AsyncIterable<ApiRecord>
}
