import { ROLE_USERS_BATCH, type RolesApi } from '../api/roles-api.js'
import { BulkProgressClock } from '../bulk/bulk-progress.js'
import { checkBulkOptions } from '../bulk/run-bulk.js'
import type { BulkOptions, BulkResult } from '../bulk/types.js'
import { Auth0Error, InvalidArgument } from '../errors.js'
import { checkpointListCollection } from '../query/checkpoint-list-collection.js'
import { QueryExecutor } from '../query/query-executor.js'
import { RecordQuerySet } from '../query/record-query-set.js'

/** A role's user as GET /roles/{id}/users lists it. */
export interface RoleUser {
  user_id: string
  email?: string
  picture?: string
  name?: string
}

/** A user to assign: its id, or anything with a `user_id` (a `User`, a `RoleUser`). */
export type UserRef = string | { readonly user_id?: unknown }

/** What `role.users.add()` did: a bulk result counted in users, plus the POSTs it made. */
export interface AssignResult extends BulkResult {
  /** POST /roles/{id}/users requests sent. */
  requests: number
}

/**
 * `role.users`: `all()` is a lazy set over GET /roles/{id}/users, read by checkpoint
 * (`from`/`take`), so it goes past the 1000 that offset paging stops at; `add()` POSTs ids in
 * batches of {@link ROLE_USERS_BATCH}, the fewest requests (⌈n/1000⌉), reported as bulk jobs are.
 *
 * @example
 * await editor.users.add(auth0.users.query({ email: '*@acme.example' }))
 * // POST /roles/rol_…/users {"users":[…1000 ids]} per batch
 */
export class RoleUsers {
  readonly #api: RolesApi
  readonly #roleId: () => string

  constructor(api: RolesApi, roleId: () => string) {
    this.#api = api
    this.#roleId = roleId
  }

  all(): RecordQuerySet<RoleUser> {
    const id = this.#roleId()
    const api = this.#api
    const collection = checkpointListCollection<RoleUser>({
      noun: 'users',
      idField: 'user_id',
      request: (params) => api.usersRequest(id, params),
      fetch: (request) => api.usersPage(request),
      hydrate: (record) => record as unknown as RoleUser,
    })
    return new RecordQuerySet(new QueryExecutor(collection))
  }

  /**
   * Assigns users — one, a list, or an async iterable such as a user query set — in batches of
   * {@link ROLE_USERS_BATCH}, the fewest requests Auth0 allows. Like `qs.delete()`: every id is
   * collected and checked first (an unsaved user is an error before any request), `beforeAct`
   * sees them, `onProgress` follows each batch, and a batch Auth0 refuses lists its users in
   * `failed` instead of throwing (a 401/403 stops the job: the rest are `notAttempted`).
   */
  async add(
    users: UserRef | Iterable<UserRef> | AsyncIterable<UserRef>,
    options?: BulkOptions<string>,
  ): Promise<AssignResult> {
    const settings = checkBulkOptions(options)
    const roleId = this.#roleId()
    const ids = await collectIds(users)
    await settings.beforeAct?.(ids)
    const result: AssignResult = {
      total: ids.length,
      count: 0,
      failed: [],
      notAttempted: [],
      requests: 0,
    }
    const progress = new BulkProgressClock(ids.length, undefined, settings.onProgress)
    progress.start(0, 0)
    let halted = false
    for (let start = 0; start < ids.length; start += ROLE_USERS_BATCH) {
      const batch = ids.slice(start, start + ROLE_USERS_BATCH)
      if (halted || settings.signal?.aborted) {
        result.notAttempted.push(...batch)
        continue
      }
      result.requests++
      try {
        // The HTTP layer retries 429s and lost answers; re-assigning is harmless.
        await this.#api.assignUsers(roleId, batch)
        result.count += batch.length
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error))
        for (const user_id of batch) result.failed.push({ user_id, error: failure })
        halted =
          error instanceof Auth0Error && (error.statusCode === 401 || error.statusCode === 403)
      }
      progress.report(result.count, result.failed.length)
    }
    return result
  }
}

/** Every id, checked and without duplicates, in order (an async iterable is read to the end). */
async function collectIds(
  users: UserRef | Iterable<UserRef> | AsyncIterable<UserRef>,
): Promise<string[]> {
  if (typeof users === 'string' || !isIterable(users)) return [userIdOf(users as UserRef)]
  const ids = new Set<string>()
  for await (const user of users as AsyncIterable<UserRef>) ids.add(userIdOf(user))
  return [...ids]
}

function isIterable(value: unknown): value is Iterable<UserRef> | AsyncIterable<UserRef> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (Symbol.iterator in value || Symbol.asyncIterator in value)
  )
}

function userIdOf(user: UserRef): string {
  const id = typeof user === 'string' ? user : (user as { user_id?: unknown } | null)?.user_id
  if (typeof id !== 'string' || id === '') {
    throw new InvalidArgument('Pass saved users or user ids: this one has no user_id.')
  }
  return id
}
