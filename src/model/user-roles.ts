import type { RolesApi } from '../api/roles-api.js'
import type { UserRbacApi } from '../api/user-rbac-api.js'
import { InvalidArgument } from '../errors.js'
import { offsetListCollection } from '../query/offset-list-collection.js'
import { QueryExecutor } from '../query/query-executor.js'
import { RecordQuerySet } from '../query/record-query-set.js'

/** A role to assign: a `Role` (or anything with its `id`), a role id, or `{ name }`. */
export type RoleRef = string | { readonly id?: unknown; readonly name?: unknown }

/** A role as a user's roles list it. */
export interface UserRole {
  id: string
  name: string
  description?: string
}

/**
 * `user.roles`, Django's related manager over `/users/{id}/roles`: `all()` is lazy; `add`,
 * `remove` and `set` are immediate, with the fewest requests (`set`: one read, then at most one
 * POST and one DELETE). Roles given by `{ name }` are looked up (exactly) first; an unknown
 * name is an error before any write.
 *
 * @example
 * await user.roles.set([editor, viewer]) // GET …/roles, then POST and/or DELETE the difference
 */
export class UserRoles<R extends { id?: string } = UserRole> {
  readonly #api: UserRbacApi
  readonly #roles: RolesApi
  readonly #userId: () => string

  readonly #hydrate: (record: Record<string, unknown>) => R

  constructor(
    api: UserRbacApi,
    roles: RolesApi,
    userId: () => string,
    hydrate: (record: Record<string, unknown>) => R,
  ) {
    this.#api = api
    this.#roles = roles
    this.#userId = userId
    this.#hydrate = hydrate
  }

  /** The user's roles as `Role` instances, lazily (`[<Role editor>, <Role viewer>]`). */
  all(): RecordQuerySet<R> {
    const id = this.#userId()
    const api = this.#api
    const collection = offsetListCollection<R>({
      noun: 'roles',
      idField: 'id',
      filters: {},
      projects: false,
      request: (params) => api.rolesRequest(id, params),
      fetch: (request) => api.rolesPage(request),
      hydrate: (record) => this.#hydrate(record),
    })
    return new RecordQuerySet(new QueryExecutor(collection))
  }

  async add(...roles: RoleRef[]): Promise<void> {
    const userId = this.#userId()
    const ids = await this.#ids(roles)
    if (ids.length > 0) await this.#api.addRoles(userId, ids)
  }

  async remove(...roles: RoleRef[]): Promise<void> {
    const userId = this.#userId()
    const ids = await this.#ids(roles)
    if (ids.length > 0) await this.#api.removeRoles(userId, ids)
  }

  /** Makes the user hold exactly `roles`. */
  async set(roles: readonly RoleRef[]): Promise<void> {
    const userId = this.#userId()
    const wanted = new Set(await this.#ids(roles))
    const held = new Set((await this.all().toArray()).map((role) => role.id!))
    const toAdd = [...wanted].filter((id) => !held.has(id))
    const toRemove = [...held].filter((id) => !wanted.has(id))
    if (toAdd.length > 0) await this.#api.addRoles(userId, toAdd)
    if (toRemove.length > 0) await this.#api.removeRoles(userId, toRemove)
  }

  /** Role ids, unique, in order; names resolved with one name_filter read each. */
  async #ids(roles: readonly RoleRef[]): Promise<string[]> {
    const ids: string[] = []
    for (const role of roles) {
      if (typeof role === 'string' && role !== '') ids.push(role)
      else if (
        typeof role === 'object' &&
        role !== null &&
        typeof role.id === 'string' &&
        role.id !== ''
      ) {
        ids.push(role.id)
      } else if (typeof role === 'object' && role !== null && typeof role.name === 'string') {
        ids.push(await this.#byName(role.name))
      } else {
        throw new InvalidArgument('Pass saved roles, role ids or { name }: this role has no id.')
      }
    }
    return [...new Set(ids)]
  }

  async #byName(name: string): Promise<string> {
    const request = this.#roles.listRequest({
      name_filter: name,
      per_page: 100,
      include_totals: true,
    })
    const { records } = await this.#roles.list(request)
    const match = records.find((role) => role.name === name)
    if (typeof match?.id !== 'string')
      throw new InvalidArgument(`There is no role named '${name}'.`)
    return match.id
  }
}
