import type { HttpClient } from '../http/http-client.js'
import { RecordModel } from './record-model.js'
import { ResourceServersManager } from './resource-servers-manager.js'

/** One permission an API defines. */
export interface ResourceServerScope {
  value: string
  description?: string
}

/** An API's attributes, Auth0's wire names (the common ones; any other is kept as sent). */
export interface ResourceServerFields {
  id?: string
  identifier?: string
  name?: string
  scopes?: ResourceServerScope[]
  enforce_policies?: boolean
  token_dialect?:
    'access_token' | 'access_token_authz' | 'rfc9068_profile' | 'rfc9068_profile_authz'
  token_lifetime?: number
  signing_alg?: string
  allow_offline_access?: boolean
  is_system?: boolean
  [attribute: string]: unknown
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ResourceServer extends ResourceServerFields {}

/**
 * An API of the tenant (a resource server): the audience tokens are issued for and the
 * permissions (`scopes`) roles and users can hold. Keyed by `identifier` for lookups.
 *
 * @example
 * const [api] = await auth0.resourceServers.getOrCreate({ identifier: 'https://reports.example', defaults: { name: 'Reports', scopes: [{ value: 'read:reports' }] } })
 * // GET /resource-servers/https%3A%2F%2Freports.example, then on 404 POST /resource-servers
 * String(api) // '<ResourceServer https://reports.example>'
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ResourceServer extends RecordModel {
  static readonly modelName = 'ResourceServer'
  declare static readonly objects: ResourceServersManager | undefined

  /** This tenant's APIs as a model class: `auth0.resourceServers`. */
  static bindTo(http: HttpClient): new (fields?: ResourceServerFields) => ResourceServer {
    const Bound = class extends this {}
    const objects = new ResourceServersManager(Bound as new () => ResourceServer, http)
    Object.defineProperties(Bound, {
      name: { value: 'ResourceServer' },
      objects: { value: objects },
    })
    return Bound
  }

  constructor(fields: ResourceServerFields = {}) {
    super(fields)
  }

  protected get idField(): string {
    return 'id'
  }

  /** The id, the audience (immutable) and what only Auth0 sets are never PATCHed. */
  protected get readOnly(): ReadonlySet<string> {
    return READ_ONLY
  }

  protected override label(): string | undefined {
    return this.identifier ?? this.id
  }
}

const READ_ONLY: ReadonlySet<string> = new Set(['id', 'identifier', 'is_system'])
