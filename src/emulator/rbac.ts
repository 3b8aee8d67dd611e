import { ApiError } from './api-error.js'
import { ClientGrantStore, type ClientGrantRecord } from './client-grants-store.js'
import type { Clock } from './clock.js'
import { PermissionSets } from './permission-sets.js'
import type { PermissionRef } from './rbac-ids.js'
import { ResourceServerStore, type ResourceServerRecord } from './resource-servers-store.js'
import { RoleMembers, type Membership } from './role-members.js'
import { RoleStore, type RoleRecord } from './roles-store.js'

/** Auth0's entity limits (**[?]** error texts). */
export const MAX_ROLE_PERMISSIONS = 1000
export const MAX_USER_PERMISSIONS = 1000
export const MAX_ROLES_PER_USER = 50

/**
 * How permissions on the Management API are kept: its identifier names the port, which changes
 * between runs, so they are stored under this fixed name and shown with the current identifier.
 */
export const MANAGEMENT_API_KEY = 'auth0plus:management-api'

/** What the data file keeps of RBAC (absent in files written before roles existed). */
export interface RbacState {
  resourceServers: ResourceServerRecord[]
  roles: (RoleRecord & { permissions: PermissionRef[]; users: [userId: string, at: number][] })[]
  userPermissions: { user_id: string; permissions: PermissionRef[] }[]
  clientGrants: ClientGrantRecord[]
}

/** Where the Management API is, and which grants the configured clients have to it. */
export interface RbacDeps {
  now: Clock
  management: () => { identifier: string; scopes: readonly string[] }
  isManagementAudience: (identifier: string) => boolean
  managementGrants: () => ClientGrantRecord[]
}

/**
 * The tenant's RBAC: APIs (resource servers), roles, their permissions and users, users'
 * direct permissions and client grants, kept consistent as on a tenant — deleting a user or a
 * role drops its assignments; deleting an API, or a scope from it, drops the permissions that
 * named it and (for an API) its client grants (**[I]**, spec §1.10/§2.2).
 *
 * The internal API the Authentication API uses is {@link permissionsOf},
 * {@link resourceServerByIdentifier} and {@link clientGrant} (see README, "RBAC for tokens").
 */
export class Rbac {
  readonly roles = new RoleStore()
  readonly members = new RoleMembers()
  readonly rolePermissions = new PermissionSets()
  readonly userPermissions = new PermissionSets()
  readonly resourceServers: ResourceServerStore
  readonly clientGrants: ClientGrantStore

  constructor(private readonly deps: RbacDeps) {
    this.resourceServers = new ResourceServerStore(
      deps.now,
      deps.management,
      deps.isManagementAudience,
    )
    this.clientGrants = new ClientGrantStore(deps.managementGrants)
  }

  /** The API whose audience is `identifier` (the Management API included), or undefined. */
  resourceServerByIdentifier(identifier: string): ResourceServerRecord | undefined {
    if (identifier === MANAGEMENT_API_KEY) return this.resourceServers.system()
    return this.resourceServers.byIdentifier(identifier)
  }

  /** The identifier permissions are stored under (see {@link MANAGEMENT_API_KEY}). */
  storedIdentifier(identifier: string): string {
    const api = this.resourceServerByIdentifier(identifier)
    if (api === undefined) return identifier
    return api.is_system === true ? MANAGEMENT_API_KEY : api.identifier
  }

  /** The grant letting `clientId` get tokens for `audience` (as `subjectType`), or undefined. */
  clientGrant(
    clientId: string,
    audience: string,
    subjectType: 'client' | 'user' = 'client',
  ): ClientGrantRecord | undefined {
    const api = this.resourceServers.byIdentifier(audience)
    if (api === undefined) return undefined
    return this.clientGrants.find(clientId, (a) => this.#sameApi(a, api), subjectType)
  }

  /** The user's permission names on `audience`: direct ∪ via roles, sorted, no duplicates. */
  permissionsOf(userId: string, audience: string): string[] {
    if (this.resourceServerByIdentifier(audience) === undefined) return []
    const stored = this.storedIdentifier(audience)
    const names = new Set<string>()
    for (const p of this.effectivePermissions(userId).keys()) {
      if (p.resource_server_identifier === stored) names.add(p.permission_name)
    }
    return [...names].sort()
  }

  /** Every permission the user holds, each with the role ids it comes through (`''` = direct). */
  effectivePermissions(userId: string): Map<PermissionRef, string[]> {
    const byKey = new Map<string, { permission: PermissionRef; sources: string[] }>()
    const add = (permission: PermissionRef, source: string) => {
      const key = `${permission.resource_server_identifier}\n${permission.permission_name}`
      const entry = byKey.get(key) ?? { permission, sources: [] }
      entry.sources.push(source)
      byKey.set(key, entry)
    }
    for (const permission of this.userPermissions.of(userId)) add(permission, '')
    for (const role of this.rolesOf(userId)) {
      for (const permission of this.rolePermissions.of(role.id)) add(permission, role.id)
    }
    return new Map([...byKey.values()].map((e) => [e.permission, e.sources]))
  }

  /** The user's roles by name (**[I]** order). */
  rolesOf(userId: string): RoleRecord[] {
    return this.roles.all().filter((role) => this.members.rolesOf(userId).includes(role.id))
  }

  usersOf(roleId: string): Membership[] {
    return this.members.usersOf(roleId)
  }

  /**
   * Checks permission references against the APIs: an unknown API → 404 (text as quoted in
   * auth0/auth0-cli#348), a permission the API does not define → 400 `invalid_body` (**[?]**).
   * Returns them as stored (see {@link storedIdentifier}).
   */
  checkPermissions(permissions: readonly PermissionRef[]): PermissionRef[] {
    return permissions.map(({ resource_server_identifier: identifier, permission_name: name }) => {
      const api = this.resourceServers.byIdentifier(identifier)
      if (api === undefined) {
        throw new ApiError(404, `The resource server does not exist: '${identifier}'`)
      }
      if (!(api.scopes ?? []).some((scope) => scope.value === name)) {
        throw new ApiError(
          400,
          `Permission '${name}' does not exist on resource server '${identifier}'`,
          'invalid_body',
        )
      }
      return {
        resource_server_identifier: this.storedIdentifier(identifier),
        permission_name: name,
      }
    })
  }

  /** A permission as the lists answer it, named after its API and described by its scope. */
  describePermission(p: PermissionRef): PermissionRef & Record<string, unknown> {
    const api = this.resourceServerByIdentifier(p.resource_server_identifier)
    const identifier = api?.identifier ?? p.resource_server_identifier
    const scope = api?.scopes?.find((s) => s.value === p.permission_name)
    return {
      permission_name: p.permission_name,
      ...(scope?.description !== undefined && { description: scope.description }),
      resource_server_name: api?.name ?? identifier,
      resource_server_identifier: identifier,
    }
  }

  deleteRole(roleId: string): boolean {
    if (!this.roles.delete(roleId)) return false
    this.members.forgetRole(roleId)
    this.rolePermissions.forget(roleId)
    return true
  }

  /** A user was deleted: its roles and direct permissions go with it. */
  forgetUser(userId: string): void {
    this.members.forgetUser(userId)
    this.userPermissions.forget(userId)
  }

  deleteResourceServer(idOrIdentifier: string): boolean {
    const api = this.resourceServers.delete(idOrIdentifier)
    if (api === undefined) return false
    this.clientGrants.deleteForAudience(api.identifier)
    this.prunePermissions()
    return true
  }

  /** Drops permissions whose API or scope no longer exists (after a delete or a PATCH of scopes). */
  prunePermissions(): void {
    const exists = (p: PermissionRef) =>
      this.resourceServerByIdentifier(p.resource_server_identifier)?.scopes?.some(
        (scope) => scope.value === p.permission_name,
      ) ?? false
    this.rolePermissions.prune(exists)
    this.userPermissions.prune(exists)
  }

  #sameApi(audience: string, api: ResourceServerRecord): boolean {
    return this.resourceServers.byIdentifier(audience)?.id === api.id
  }

  /** For the data file. */
  toJSON(): RbacState {
    return {
      resourceServers: this.resourceServers.custom(),
      roles: this.roles.all().map((role) => ({
        ...role,
        permissions: this.rolePermissions.of(role.id),
        users: this.members.usersOf(role.id).map(({ userId, at }) => [userId, at]),
      })),
      userPermissions: this.userPermissions
        .entries()
        .map(([user_id, permissions]) => ({ user_id, permissions })),
      clientGrants: this.clientGrants.custom(),
    }
  }

  /** Loads what {@link toJSON} wrote. */
  load(state: RbacState): void {
    for (const api of state.resourceServers ?? []) this.resourceServers.insert(api)
    for (const { permissions, users, ...role } of state.roles ?? []) {
      this.roles.insert(role)
      this.rolePermissions.add(role.id, permissions ?? [])
      for (const [userId, at] of users ?? []) this.members.assign(role.id, userId, at)
    }
    for (const { user_id, permissions } of state.userPermissions ?? []) {
      this.userPermissions.add(user_id, permissions)
    }
    for (const grant of state.clientGrants ?? []) this.clientGrants.insert(grant)
  }
}
