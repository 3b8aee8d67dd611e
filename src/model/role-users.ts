import { ROLE_USERS_BATCH, type RolesApi } from '../api/roles-api.js'
import { InvalidArgument } from '../errors.js'
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

/** What `role.users.add()` did. */
export interface AssignResult {
  /** User ids sent (duplicates within one call are sent once). */
  assigned: number
  /** POST /roles/{id}/users requests made. */
  requests: number
}

/**
 * `role.users`: `all()` is a lazy set over GET /roles/{id}/users, read by checkpoint
 * (`from`/`take`), so it goes past the 1000 that offset paging stops at; `add()` POSTs ids in
 * batches of {@link ROLE_USERS_BATCH}, the fewest requests (⌈n/1000⌉).
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
   * Assigns users: one, a list, or an async iterable such as a user query set (streamed, a
   * batch at a time). Ids are checked before they are sent: an unsaved user is an error, and a
   * list is checked whole before the first request.
   */
  async add(users: UserRef | Iterable<UserRef> | AsyncIterable<UserRef>): Promise<AssignResult> {
    const roleId = this.#roleId()
    const result: AssignResult = { assigned: 0, requests: 0 }
    const send = async (batch: Set<string>) => {
      if (batch.size === 0) return
      await this.#api.assignUsers(roleId, [...batch])
      result.assigned += batch.size
      result.requests++
    }
    if (typeof users === 'string' || !isIterable(users)) {
      await send(new Set([userIdOf(users as UserRef)]))
      return result
    }
    const source: Iterable<UserRef> | AsyncIterable<UserRef> =
      Symbol.asyncIterator in users ? users : Array.from(users).map((u) => userIdOf(u)) // every id checked before any request
    let batch = new Set<string>()
    for await (const user of source) {
      batch.add(userIdOf(user))
      if (batch.size === ROLE_USERS_BATCH) {
        await send(batch)
        batch = new Set()
      }
    }
    await send(batch)
    return result
  }
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
