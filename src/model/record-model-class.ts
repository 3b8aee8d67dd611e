import type { DoesNotExist, MultipleObjectsReturned } from '../errors.js'
import type { Lookup } from '../query/q.js'
import type { RecordQuerySet } from '../query/record-query-set.js'
import type { ResourceServer, ResourceServerFields } from './resource-server.js'
import type { ResourceServersManager } from './resource-servers-manager.js'
import type { Role, RoleFields } from './role.js'
import type { RolesManager } from './roles-manager.js'

/**
 * A simple resource's model class bound to a tenant (`auth0.roles`, `auth0.resourceServers`):
 * the class and Django's manager methods in one, as `auth0.users` is.
 */
export interface RecordModelClass<T, Fields, M> {
  new (fields?: Fields): T
  readonly DoesNotExist: typeof DoesNotExist
  readonly MultipleObjectsReturned: typeof MultipleObjectsReturned
  /** The manager the static methods forward to. */
  readonly objects: M
  /** POST a new record. */
  create(fields: Fields): Promise<T>
  /** Exactly one record, by id or lookup; `DoesNotExist` / `MultipleObjectsReturned` otherwise. */
  get(idOrLookup: string | Lookup): Promise<T>
  /** `[record, created]`: the match, or one created from lookup ∪ `defaults`. */
  getOrCreate(args: { defaults?: Fields; [key: string]: unknown }): Promise<[T, boolean]>
  /** `[record, created]`: the match with `defaults` applied and saved, or a new record. */
  updateOrCreate(args: { defaults?: Fields; [key: string]: unknown }): Promise<[T, boolean]>
  /** A lazy set; no request until evaluated. */
  query(lookup?: Lookup): RecordQuerySet<T>
  all(): RecordQuerySet<T>
  delete(id: string): Promise<void>
}

/** `auth0.roles`. */
export type RoleModel = RecordModelClass<Role, RoleFields, RolesManager<Role>>

/** `auth0.resourceServers`. */
export type ResourceServerModel = RecordModelClass<
  ResourceServer,
  ResourceServerFields,
  ResourceServersManager<ResourceServer>
>
