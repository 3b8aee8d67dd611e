import { ResourceServersApi } from '../api/resource-servers-api.js'
import { Auth0Error, InvalidArgument } from '../errors.js'
import type { HttpClient } from '../http/http-client.js'
import type { Lookup, Q } from '../query/q.js'
import { offsetListCollection } from '../query/offset-list-collection.js'
import { QueryExecutor } from '../query/query-executor.js'
import { RecordQuerySet } from '../query/record-query-set.js'
import { Manager, type ModelClass } from './manager.js'
import type { Attributes, Model } from './model.js'

type AnyResourceServer = Model & { id?: string; identifier?: string }

/**
 * `auth0.resourceServers.objects`: `get(id or identifier)` and `get({ identifier })` are one
 * GET /resource-servers/{…} (Auth0 takes either); lazy sets over GET /resource-servers.
 */
export class ResourceServersManager<
  T extends AnyResourceServer = AnyResourceServer,
> extends Manager<T> {
  readonly names = { one: 'ResourceServer', many: 'resource servers' }
  protected readonly immediateKeys: ReadonlySet<string> = new Set(['id', 'identifier'])
  readonly api: ResourceServersApi

  constructor(Model: ModelClass<T>, http: HttpClient) {
    super(Model)
    this.api = new ResourceServersApi(http)
  }

  /** A lazy set of APIs; `{ identifier }` is sent as Auth0's `identifiers` filter. */
  query(lookup?: Lookup | Q): RecordQuerySet<T> {
    const filters = lookup === undefined ? {} : { identifiers: identifierOf(lookup) }
    const api = this.api
    const collection = offsetListCollection({
      noun: 'resource servers',
      idField: 'id',
      filters,
      projects: true,
      request: (params) => api.listRequest(params),
      fetch: (request) => api.list(request),
      hydrate: (record) => this.adopt(record),
    })
    return new RecordQuerySet<T>(new QueryExecutor(collection))
  }

  all(): RecordQuerySet<T> {
    return this.query()
  }

  /** DELETE /resource-servers/{id}: Auth0 answers 204 also when it is already gone. */
  async delete(id: string): Promise<void> {
    await this.api.delete(id)
  }

  protected async getById(id: string): Promise<T> {
    try {
      return this.adopt(await this.api.get(id))
    } catch (error) {
      if (error instanceof Auth0Error && error.statusCode === 404) throw this.doesNotExist(error)
      throw error
    }
  }

  protected exactLookup(lookup: Lookup): Promise<T[]> | undefined {
    const keys = Object.keys(lookup)
    const value = keys.length === 1 ? lookup[keys[0]!] : undefined
    if (typeof value !== 'string' || (keys[0] !== 'id' && keys[0] !== 'identifier')) {
      return undefined
    }
    return this.getById(value).then((api) => [api])
  }

  protected fieldsFromLookup(lookup: Lookup): Attributes {
    return { ...lookup } as Attributes
  }
}

function identifierOf(lookup: Lookup | Q): string {
  const keys = typeof lookup === 'object' && lookup !== null ? Object.keys(lookup) : []
  const value = (lookup as Record<string, unknown>).identifier
  if (keys.length !== 1 || keys[0] !== 'identifier' || typeof value !== 'string') {
    throw new InvalidArgument('Resource servers can be queried by { identifier } only.')
  }
  return value
}
