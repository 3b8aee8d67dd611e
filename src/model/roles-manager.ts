import { RolesApi } from '../api/roles-api.js'
import { Auth0Error, InvalidArgument } from '../errors.js'
import type { HttpClient } from '../http/http-client.js'
import type { Lookup, Q } from '../query/q.js'
import { offsetListCollection } from '../query/offset-list-collection.js'
import { QueryExecutor } from '../query/query-executor.js'
import { RecordQuerySet } from '../query/record-query-set.js'
import { Manager, type ModelClass } from './manager.js'
import type { Attributes, Model } from './model.js'

type AnyRole = Model & { id?: string; name?: string }

/**
 * `auth0.roles.objects`: GET /roles/{id} for ids, GET /roles?name_filter for names (Auth0's
 * filter is a case-insensitive substring, so `get({ name })` keeps the exact match), and lazy
 * sets over GET /roles. Roles are read without search lag, so the race-safe `getOrCreate`
 * looks a 409's winner up at once.
 */
export class RolesManager<T extends AnyRole = AnyRole> extends Manager<T> {
  readonly names = { one: 'Role', many: 'roles' }
  protected readonly immediateKeys: ReadonlySet<string> = new Set(['id', 'name'])
  readonly api: RolesApi

  constructor(Model: ModelClass<T>, http: HttpClient) {
    super(Model)
    this.api = new RolesApi(http)
  }

  /**
   * A lazy set of roles. `{ name }` is sent as Auth0's `name_filter`: a case-insensitive
   * substring match (use `get({ name })` for one exact name).
   */
  query(lookup?: Lookup | Q): RecordQuerySet<T> {
    const filters: Record<string, string> = {}
    if (lookup !== undefined) {
      const keys = typeof lookup === 'object' && lookup !== null ? Object.keys(lookup) : []
      const name = (lookup as Record<string, unknown>).name
      if (keys.length !== 1 || keys[0] !== 'name' || typeof name !== 'string') {
        throw new InvalidArgument('Roles can be queried by { name } only (Auth0 name_filter).')
      }
      filters.name_filter = name
    }
    const api = this.api
    const collection = offsetListCollection({
      noun: 'roles',
      idField: 'id',
      filters,
      projects: false,
      request: (params) => api.listRequest(params),
      fetch: (request) => api.list(request),
      hydrate: (record) => this.adopt(record),
    })
    return new RecordQuerySet<T>(new QueryExecutor(collection))
  }

  all(): RecordQuerySet<T> {
    return this.query()
  }

  /** DELETE /roles/{id}; an unknown role is `DoesNotExist`. */
  async delete(id: string): Promise<void> {
    try {
      await this.api.delete(id)
    } catch (error) {
      throw this.#notFound(error)
    }
  }

  protected async getById(id: string): Promise<T> {
    try {
      return this.adopt(await this.api.get(id))
    } catch (error) {
      throw this.#notFound(error)
    }
  }

  protected exactLookup(lookup: Lookup): Promise<T[]> | undefined {
    const keys = Object.keys(lookup)
    const value = keys.length === 1 ? lookup[keys[0]!] : undefined
    if (typeof value !== 'string') return undefined
    if (keys[0] === 'id') return this.getById(value).then((role) => [role])
    if (keys[0] === 'name') return this.#byName(value)
    return undefined
  }

  protected fieldsFromLookup(lookup: Lookup): Attributes {
    return { ...lookup } as Attributes
  }

  async #byName(name: string): Promise<T[]> {
    const roles = await this.query({ name }).toArray()
    return roles.filter((role) => role.name === name)
  }

  #notFound(error: unknown): unknown {
    return error instanceof Auth0Error && error.statusCode === 404
      ? this.doesNotExist(error)
      : error
  }
}
