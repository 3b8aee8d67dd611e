import { inspect } from 'node:util'
import { checkBulkOptions, runBulk } from '../bulk/run-bulk.js'
import type { BulkOptions, BulkResult } from '../bulk/types.js'
import { Auth0Error, InvalidArgument, SearchLimitExceeded } from '../errors.js'
import type { HttpClient } from '../http/http-client.js'
import type { ApiRequest, QueryParams } from '../http/types.js'
import type { UserFields } from '../model/user-attributes.js'
import { planPartitions, rangeQ, type CreatedAtRange } from './created-at-partitions.js'
import { isQ, Q, toQ, type Lookup } from './q.js'
import { planPages, SEARCH_CAP, type PagePlan } from './page-plan.js'
import { EMPTY_STATE, isSliced, withState, type QueryState } from './query-state.js'

type UserRecord = Record<string, unknown>

/** Where a query set's users come from and how records become instances. */
export interface QuerySource<T> {
  readonly http: HttpClient
  hydrate(record: UserRecord): T
  /**
   * The PATCH body `update(fields)` sends to every user; throws `InvalidArgument` for fields a
   * bulk update cannot set. Without it, any non-empty object is sent as is.
   */
  updateBody?(fields: unknown): Record<string, unknown>
}

interface Page {
  users: UserRecord[]
  total: number
}

const FIELD_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.]*$/
/** What the partition planner reads of each probed user. */
const PROBE_FIELDS = ['user_id', 'created_at']
const ASCENDING = 'created_at:1'
const DESCENDING = 'created_at:-1'

/**
 * A lazy, immutable search over the tenant's users (GET /api/v2/users, search engine v3).
 * Refining methods return a new query set and send nothing; `count`, `toArray`, `at`,
 * `first`, `exists` and `for await` are the only calls that reach Auth0.
 *
 * @example
 * const recent = auth0.users.query({ email: '*@acdc.com' }).orderBy('-created_at').slice(0, 10)
 * recent.q               // 'email:*@acdc.com AND identities.connection:"Username-Password-Authentication"'
 * await recent.toArray() // one request: per_page=10, page=0
 *
 * Past Auth0's 1000-result cap, iterating, `toArray`, `delete` and `update` partition the query
 * on `created_at` (see {@link planPartitions}): one probe per ~1000 users, then each partition
 * paged as usual, 100 a request. Results then come in `created_at` order (descending with
 * `orderBy('-created_at')`); another `orderBy` cannot be honoured across partitions and is
 * refused with `SearchLimitExceeded`, as is a slice reaching past the first 1000 results.
 * Up to 1000 results, the requests are exactly those of a plain search.
 *
 * @example
 * const stale = auth0.users.query({ last_login__lt: new Date('2024-01-01') })
 * await stale.toArray() // 2,500 matches:
 * // GET /users?page=0&per_page=100            → total 2500: past the cap
 * // GET /users?sort=created_at:-1&per_page=1  → the newest created_at, the upper bound
 * // GET /users?q=… AND created_at:[* TO t}&sort=created_at:1&per_page=1&page=999, ×3 → 3 partitions
 * // GET /users?q=… AND <partition>&sort=created_at:1&per_page=100&page=0..9, per partition
 */
export class UserQuerySet<T> implements AsyncIterable<T> {
  readonly #source: QuerySource<T>
  readonly #state: QueryState
  /** Filled by `toArray()`; clones never carry it. */
  #cache: T[] | undefined

  constructor(source: QuerySource<T>, state: QueryState = EMPTY_STATE) {
    this.#source = source
    this.#state = state
  }

  // ---- Refining: each returns a new query set and makes no request. ----

  /** Users matching this query AND the lookup. */
  filter(lookup: Lookup | Q): UserQuerySet<T> {
    this.#refuseSliced('filter')
    const q = whereOf(lookup)
    return this.#with({ where: this.#state.where ? this.#state.where.and(q) : q })
  }

  /** Users matching this query AND NOT the lookup. */
  exclude(lookup: Lookup | Q): UserQuerySet<T> {
    this.#refuseSliced('exclude')
    const q = whereOf(lookup).not()
    return this.#with({ where: this.#state.where ? this.#state.where.and(q) : q })
  }

  /** Sorted by one field, descending with a leading `-`: `orderBy('-created_at')`. */
  orderBy(field: string): UserQuerySet<T> {
    this.#refuseSliced('orderBy')
    if (typeof field !== 'string') throw new InvalidArgument('orderBy takes a field name.')
    const descending = field.startsWith('-')
    const name = descending ? field.slice(1) : field
    if (!FIELD_NAME.test(name)) throw new InvalidArgument(`Cannot order by '${field}'.`)
    if (/^(user|app)_metadata(\.|$)/.test(name)) {
      throw new InvalidArgument(`Auth0 cannot sort by metadata ('${name}').`)
    }
    return this.#with({ sort: `${name}:${descending ? -1 : 1}` })
  }

  /** Fetches only these attributes (and `user_id`, so the users can still be saved). */
  only(...fields: string[]): UserQuerySet<T> {
    if (fields.length === 0) throw new InvalidArgument('only() needs at least one field.')
    for (const field of fields) {
      if (typeof field !== 'string' || !FIELD_NAME.test(field)) {
        throw new InvalidArgument(`'${String(field)}' is not a field name.`)
      }
    }
    return this.#with({ fields: [...new Set(['user_id', ...fields])] })
  }

  /**
   * Results `[start, end)`, like `Array.prototype.slice` without negative indexes (Auth0
   * cannot count from the end). Slicing a slice narrows it; filtering one is an error.
   */
  slice(start: number, end?: number): UserQuerySet<T> {
    checkIndex(start, 'slice start')
    if (end !== undefined) checkIndex(end, 'slice end')
    const base = this.#state
    const from = base.start + start
    let to = end === undefined ? base.end : base.start + Math.max(end, start)
    if (base.end !== undefined && to !== undefined) to = Math.min(to, base.end)
    return this.#with({ start: Math.min(from, to ?? from), end: to })
  }

  /** The lucene `q` this query set sends (`''` for every user). */
  get q(): string {
    return this.#state.where ? String(this.#state.where) : ''
  }

  // ---- Evaluating: these reach Auth0. ----

  /** How many users match: one small request for Auth0's `include_totals` total. */
  async count(): Promise<number> {
    if (this.#cache) return this.#cache.length
    const { total } = await this.#fetchPage(0, 1, ['user_id'])
    const { start, end } = this.#state
    return Math.max(0, Math.min(total, end ?? total) - start)
  }

  async exists(): Promise<boolean> {
    return (await this.count()) > 0
  }

  /** The user at index `i` of this query set, or `undefined`. */
  async at(i: number): Promise<T | undefined> {
    checkIndex(i, 'index')
    if (this.#cache) return this.#cache[i]
    const [user] = await this.slice(i, i + 1).toArray()
    return user
  }

  async first(): Promise<T | undefined> {
    return this.at(0)
  }

  /** Every matching user. Cached: a second call makes no request. */
  async toArray(): Promise<T[]> {
    this.#cache ??= (await this.#collect()).map((record) => this.#source.hydrate(record))
    return [...this.#cache]
  }

  /** Streams page by page (100 a request) in constant memory; uses the cache when filled. */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#cache) {
      yield* this.#cache
      return
    }
    const { start, end } = this.#state
    if (end !== undefined && end <= start) return
    const plan = this.#plan()
    let remaining = end === undefined ? Infinity : end - start
    let page = plan.firstPage
    let skip = plan.skip
    let pending = this.#fetchPage(page, plan.perPage)
    for (;;) {
      const { users, total } = await pending
      if (page === plan.firstPage && this.#pastCap(total)) {
        // One partition at a time, one page at a time: memory stays bounded.
        for (const part of await this.#partitions()) yield* part
        return
      }
      if (page === plan.firstPage) this.#checkCap(total)
      const done = users.length < plan.perPage || (page + 1) * plan.perPage >= reach(total, end)
      const taken = users.slice(skip, skip + remaining)
      remaining -= taken.length
      if (!done && remaining > 0) {
        pending = this.#fetchPage(page + 1, plan.perPage)
        // The consumer may stop early; an unawaited prefetch must not crash the process.
        pending.catch(() => {})
      }
      for (const record of taken) yield this.#source.hydrate(record)
      if (done || remaining <= 0) return
      page++
      skip = 0
    }
  }

  // ---- Bulk operations: collect every match first, then act by id. ----

  /**
   * Deletes every matching user: collects them all first (deleting shifts Auth0's pages, and
   * search lags writes), hands them to `beforeAct`, then sends one DELETE per user, paced from
   * the `x-ratelimit-*` headers so the job runs at the tenant's limit without 429s. A 404 counts
   * as deleted. Rejects only before acting (bad options, a query past the cap that cannot be
   * partitioned, `beforeAct` throwing); per-user failures are in the result.
   *
   * @example
   * const result = await auth0.users.query({ email: '*@test.example' }).delete()
   * // GET /users?q=email:*@test.example AND …&page=0&per_page=100 (…), then
   * // DELETE /users/auth0%7C… once per user
   * result // { total: 120, count: 120, failed: [], notAttempted: [] }
   */
  async delete(options?: BulkOptions<T>): Promise<BulkResult> {
    return this.#bulk(options, (path) => ({ method: 'DELETE', path }), isNotFound)
  }

  /**
   * Sends the same PATCH to every matching user, collected first as for {@link delete}. Root
   * attributes are replaced, `user_metadata` / `app_metadata` merged one level deep (a `null`
   * key removes it), as Auth0 does. `fields` is checked before any request: unique attributes
   * (`email`, `username`), `password` and attributes Auth0 sets are refused.
   *
   * @example
   * await auth0.users.query({ 'app_metadata.plan': 'trial' }).update({ app_metadata: { plan: 'free' } })
   * // PATCH /users/auth0%7C… {"app_metadata":{"plan":"free"}} once per user
   */
  async update(fields: UserFields, options?: BulkOptions<T>): Promise<BulkResult> {
    const body = this.#source.updateBody ? this.#source.updateBody(fields) : plainBody(fields)
    return this.#bulk(options, (path) => ({ method: 'PATCH', path, body }))
  }

  [inspect.custom](): string {
    const { sort, fields, start, end } = this.#state
    const parts = [`q=${JSON.stringify(this.q)}`]
    if (sort) parts.push(`sort=${sort}`)
    if (fields) parts.push(`fields=${fields.join(',')}`)
    if (isSliced(this.#state)) parts.push(`slice=[${start}, ${end ?? ''})`)
    return `<UserQuerySet ${parts.join(' ')}>`
  }

  // ---- Internals. ----

  /** Every matching record, unhydrated. */
  async #collect(): Promise<UserRecord[]> {
    const { start, end } = this.#state
    if (end !== undefined && end <= start) return []
    const plan = this.#plan()
    const first = await this.#fetchPage(plan.firstPage, plan.perPage)
    if (this.#pastCap(first.total)) {
      const records: UserRecord[] = []
      for (const part of await this.#partitions()) records.push(...(await part.#collect()))
      return records
    }
    this.#checkCap(first.total)
    const last = reach(first.total, end)
    // Once the total is known, the other pages are independent: fetch them side by side
    // (the HTTP layer bounds the concurrency).
    const pageNumbers: number[] = []
    for (let page = plan.firstPage + 1; page * plan.perPage < last; page++) pageNumbers.push(page)
    const rest = await Promise.all(pageNumbers.map((page) => this.#fetchPage(page, plan.perPage)))
    const records = [first, ...rest].flatMap((page) => page.users)
    return records.slice(plan.skip, end === undefined ? undefined : plan.skip + end - start)
  }

  /** An unsliced query past the cap is partitioned; a slice past it is refused by `#checkCap`. */
  #pastCap(total: number): boolean {
    return total > SEARCH_CAP && !isSliced(this.#state)
  }

  /**
   * The created_at partitions of this query, in result order, each a query set that pages
   * normally. Planned in full before any is read (see {@link planPartitions}).
   */
  async #partitions(): Promise<UserQuerySet<T>[]> {
    const { sort } = this.#state
    if (sort !== undefined && sort !== ASCENDING && sort !== DESCENDING) {
      throw new SearchLimitExceeded(
        `This query matches more than ${SEARCH_CAP} users, so it is read in created_at partitions, ` +
          `which cannot honour sort=${sort} across them. Order by created_at (or not at all), ` +
          'or sort the results yourself.',
      )
    }
    const newest = await this.#fetchPage(0, 1, PROBE_FIELDS, DESCENDING)
    const createdAt = newest.users[0]?.created_at
    if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return []
    // Users created from now on are past this bound: a bulk job never sees its own era's writes.
    const to = Date.parse(createdAt) + 1
    const ranges = await planPartitions((range, index) => this.#probe(range, index), to, SEARCH_CAP)
    if (sort === DESCENDING) ranges.reverse()
    return ranges.map((range) =>
      this.#with({ where: this.#whereAnd(rangeQ(range)), sort: sort ?? ASCENDING }),
    )
  }

  async #probe(range: CreatedAtRange, index: number) {
    const q = String(this.#whereAnd(rangeQ(range)))
    const { users, total } = await this.#fetchPage(index, 1, PROBE_FIELDS, ASCENDING, q)
    const createdAt = users[0]?.created_at
    return { total, createdAt: typeof createdAt === 'string' ? createdAt : undefined }
  }

  #whereAnd(clause: Q): Q {
    return this.#state.where ? this.#state.where.and(clause) : clause
  }

  async #bulk(
    options: BulkOptions<T> | undefined,
    request: (path: string) => ApiRequest,
    alreadyDone?: (error: unknown) => boolean,
  ): Promise<BulkResult> {
    checkBulkOptions(options)
    const ids: string[] = []
    const users: T[] = []
    const seen = new Set<string>()
    for (const record of await this.#collect()) {
      const id = record.user_id
      // Paging while others write can show a user twice; it is acted on once.
      if (typeof id !== 'string' || seen.has(id)) continue
      seen.add(id)
      ids.push(id)
      users.push(this.#source.hydrate(record))
    }
    return runBulk({
      http: this.#source.http,
      ids,
      users,
      request: (id) => request(`/users/${encodeURIComponent(id)}`),
      alreadyDone,
      options,
    })
  }

  #plan(): PagePlan {
    const { start, end } = this.#state
    if (start >= SEARCH_CAP) throw capError(start + 1)
    return planPages(start, end)
  }

  /** Fails before acting when the window reaches past what Auth0's paging can serve. */
  #checkCap(total: number): void {
    const last = reach(total, this.#state.end)
    if (last > SEARCH_CAP) throw capError(last, total)
  }

  async #fetchPage(
    page: number,
    perPage: number,
    fields = this.#state.fields,
    sort = this.#state.sort,
    q = this.q,
  ): Promise<Page> {
    const params: QueryParams = {
      q: q || undefined,
      search_engine: 'v3',
      page,
      per_page: perPage,
      include_totals: true,
      sort,
      fields: fields?.join(','),
      include_fields: fields ? true : undefined,
    }
    const { data } = await this.#source.http.request<Page>({
      method: 'GET',
      path: '/users',
      params,
    })
    return { users: data.users, total: data.total }
  }

  #with(change: Partial<QueryState>): UserQuerySet<T> {
    return new UserQuerySet(this.#source, withState(this.#state, change))
  }

  #refuseSliced(method: string): void {
    if (isSliced(this.#state)) {
      throw new InvalidArgument(`Cannot ${method} a query set once it has been sliced.`)
    }
  }
}

/** A lookup's `q` key is raw lucene, ANDed with its other keys: `{ q: 'x:1', email: 'a@b.c' }`. */
function whereOf(lookup: Lookup | Q): Q {
  if (isQ(lookup)) return lookup
  if (typeof lookup !== 'object' || lookup === null || !('q' in lookup)) return toQ(lookup)
  const { q, ...rest } = lookup
  if (typeof q !== 'string') throw new InvalidArgument('q must be a lucene string.')
  const raw = Q.raw(q)
  return Object.keys(rest).length > 0 ? toQ(rest).and(raw) : raw
}

/** Without a model's rules: any non-empty plain object. */
function plainBody(fields: unknown): Record<string, unknown> {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new InvalidArgument('update() takes an object of user attributes.')
  }
  if (Object.keys(fields).length === 0)
    throw new InvalidArgument('update() needs at least one field.')
  return { ...(fields as Record<string, unknown>) }
}

/** DELETE is idempotent: a user already gone is a user deleted. */
function isNotFound(error: unknown): boolean {
  return error instanceof Auth0Error && error.statusCode === 404
}

/** How far into the result list this window reaches. */
function reach(total: number, end: number | undefined): number {
  return Math.min(total, end ?? total)
}

function checkIndex(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidArgument(
      `${what} must be a non-negative integer (Auth0 cannot count from the end), got ${String(value)}.`,
    )
  }
}

function capError(needed: number, total?: number): SearchLimitExceeded {
  const matches = total === undefined ? '' : ` matches ${total} users and`
  return new SearchLimitExceeded(
    `This query${matches} needs results up to #${needed}, but Auth0 search serves only the first ` +
      `${SEARCH_CAP}. Narrow the query (e.g. by created_at), or read every user with the users export job.`,
  )
}
