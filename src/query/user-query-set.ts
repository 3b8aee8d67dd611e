import { checkBulkOptions, runBulk } from '../bulk/run-bulk.js'
import type { BulkOptions, BulkResult } from '../bulk/types.js'
import { Auth0Error, InvalidArgument } from '../errors.js'
import type { ApiResponse } from '../http/types.js'
import type { QueryExecutor } from './query-executor.js'
import { QuerySet } from './query-set.js'
import { EMPTY_STATE, type QueryState } from './query-state.js'
import { isQ, Q, toQ, type Lookup } from './q.js'

const FIELD_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.]*$/

/** What a users query set does to each user in a bulk job; the model supplies it. */
export interface UserActions {
  delete(id: string): Promise<ApiResponse<unknown>>
  patch(id: string, body: Record<string, unknown>): Promise<ApiResponse<unknown>>
  /**
   * The PATCH body `update(fields)` sends to every user; throws `InvalidArgument` for fields a
   * bulk update cannot set. Without it, any non-empty object is sent as is.
   */
  updateBody?(fields: unknown): Record<string, unknown>
}

/**
 * A lazy, immutable search over the tenant's users (GET /api/v2/users, search engine v3):
 * {@link QuerySet} with lucene filters, ordering, field selection and bulk jobs.
 *
 * @example
 * const recent = auth0.users.query({ email: '*@acdc.com' }).orderBy('-created_at').slice(0, 10)
 * recent.q               // 'email:*@acdc.com AND identities.connection:"Username-Password-Authentication"'
 * await recent.toArray() // one request: per_page=10, page=0
 *
 * Past Auth0's 1000-result cap, iterating, `toArray`, `delete` and `update` partition the query
 * on `created_at` (see `planPartitions`): one probe per ~1000 users, then each partition
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
export class UserQuerySet<T> extends QuerySet<T> {
  readonly #actions: UserActions

  constructor(executor: QueryExecutor<T>, actions: UserActions, state: QueryState = EMPTY_STATE) {
    super(executor, state)
    this.#actions = actions
  }

  protected derive(state: QueryState): this {
    return new UserQuerySet(this.executor, this.#actions, state) as this
  }

  // ---- Refining: each returns a new query set and makes no request. ----

  /** Users matching this query AND the lookup. */
  filter(lookup: Lookup | Q): this {
    this.refuseSliced('filter')
    return this.#where(whereOf(lookup))
  }

  /** Users matching this query AND NOT the lookup. */
  exclude(lookup: Lookup | Q): this {
    this.refuseSliced('exclude')
    return this.#where(whereOf(lookup).not())
  }

  /** Sorted by one field, descending with a leading `-`: `orderBy('-created_at')`. */
  orderBy(field: string): this {
    this.refuseSliced('orderBy')
    if (typeof field !== 'string') throw new InvalidArgument('orderBy takes a field name.')
    const descending = field.startsWith('-')
    const name = descending ? field.slice(1) : field
    if (!FIELD_NAME.test(name)) throw new InvalidArgument(`Cannot order by '${field}'.`)
    if (/^(user|app)_metadata(\.|$)/.test(name)) {
      throw new InvalidArgument(`Auth0 cannot sort by metadata ('${name}').`)
    }
    return this.with({ sort: `${name}:${descending ? -1 : 1}` })
  }

  /** Fetches only these attributes (and `user_id`, so the users can still be saved). */
  only(...fields: string[]): this {
    if (fields.length === 0) throw new InvalidArgument('only() needs at least one field.')
    for (const field of fields) {
      if (typeof field !== 'string' || !FIELD_NAME.test(field)) {
        throw new InvalidArgument(`'${String(field)}' is not a field name.`)
      }
    }
    return this.with({ fields: [...new Set(['user_id', ...fields])] })
  }

  /** The lucene `q` this query set sends (`''` for every user). */
  get q(): string {
    return this.state.where ? String(this.state.where) : ''
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
    return this.#bulk(options, (id) => this.#actions.delete(id), isNotFound)
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
  async update(fields: Record<string, unknown>, options?: BulkOptions<T>): Promise<BulkResult> {
    const actions = this.#actions
    const body = actions.updateBody ? actions.updateBody(fields) : plainBody(fields)
    return this.#bulk(options, (id) => actions.patch(id, body))
  }

  protected override describe(): string[] {
    return [`q=${JSON.stringify(this.q)}`]
  }

  #where(q: Q): this {
    return this.with({ where: this.state.where ? this.state.where.and(q) : q })
  }

  async #bulk(
    options: BulkOptions<T> | undefined,
    act: (id: string) => Promise<ApiResponse<unknown>>,
    alreadyDone?: (error: unknown) => boolean,
  ): Promise<BulkResult> {
    checkBulkOptions(options)
    const ids: string[] = []
    const users: T[] = []
    const seen = new Set<string>()
    for await (const record of this.executor.walk(this.state, Infinity)) {
      const id = record.user_id
      // Paging while others write can show a user twice; it is acted on once.
      if (typeof id !== 'string' || seen.has(id)) continue
      seen.add(id)
      ids.push(id)
      users.push(this.executor.collection.hydrate(record))
    }
    return runBulk({ ids, users, act, alreadyDone, options })
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
