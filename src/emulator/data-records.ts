import type { ClientGrantRecord } from './client-grants-store.js'
import type { ClientOptions } from './clients.js'
import type { ConnectionOptions } from './connections.js'
import { hasProtoKey } from './own-keys.js'
import type { RbacState } from './rbac.js'
import type { PermissionRef } from './rbac-ids.js'
import type { ResourceServerRecord } from './resource-servers-store.js'
import type { RoleRecord } from './roles-store.js'
import type { UserRecord } from './user-defaults.js'

/** The tenant's identity and configuration: the snapshot's header, a journal's `meta` record. */
export interface TenantMeta {
  clientId: string
  clientSecret: string
  /** The token signing key, so access tokens issued before a restart stay valid. */
  signingKey: { kid: string; pem: string }
  connectionIds: Record<string, string>
  /** Further clients (any type), used when `startEmulator` is given none. */
  clients?: ClientOptions[]
  /** The connections, used when `startEmulator` is given none. */
  connections?: (string | ConnectionOptions)[]
}

/**
 * One line of the data file (snapshot or journal) after its header. Each sets one key to an
 * absolute value (or removes it), so replaying a record twice, or over a snapshot that already
 * holds it, changes nothing: that is what lets a snapshot be written while writes go on.
 */
export type DataRecord =
  | ['u', UserRecord] // a user, whole
  | ['ud', string] // a user deleted
  | ['pw', string, string | null] // a user's password digest, or none
  | ['rs', string, ResourceServerRecord | null] // an API by id
  | ['ro', string, RoleRecord | null] // a role by id
  | ['rp', string, PermissionRef[]] // a role's permissions, whole
  | ['up', string, PermissionRef[]] // a user's direct permissions, whole
  | ['ra', string, string, number] // role id, user id, assigned at (ms)
  | ['rr', string, string] // role id, user id: unassigned
  | ['rf', string] // every member of a role dropped (it was deleted)
  | ['cg', string, ClientGrantRecord | null] // a client grant by id
  | ['meta', TenantMeta]

const isString = (value: unknown): value is string => typeof value === 'string'
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const objectOrNull = (value: unknown) => value === null || isObject(value)

/** Which tags exist and what follows each: a record of any other shape is refused. */
const SHAPES: Record<string, (rest: unknown[]) => boolean> = {
  u: ([user]) => isObject(user) && isString(user.user_id),
  ud: ([id]) => isString(id),
  pw: ([id, digest]) => isString(id) && (digest === null || isString(digest)),
  rs: ([id, api]) => isString(id) && objectOrNull(api),
  ro: ([id, role]) => isString(id) && objectOrNull(role),
  rp: ([id, permissions]) => isString(id) && Array.isArray(permissions),
  up: ([id, permissions]) => isString(id) && Array.isArray(permissions),
  ra: ([role, user, at]) => isString(role) && isString(user) && typeof at === 'number',
  rr: ([role, user]) => isString(role) && isString(user),
  rf: ([role]) => isString(role),
  cg: ([id, grant]) => isString(id) && objectOrNull(grant),
  meta: ([meta]) => isObject(meta) && isString(meta.clientId) && isObject(meta.signingKey),
}

/**
 * Parses one record line; throws on anything else. A `__proto__` key is refused: the API never
 * stores one (it answers 400), so a file holding one was edited by hand or by an attacker.
 */
export function parseRecord(line: string): DataRecord {
  const record = JSON.parse(line) as unknown
  if (!Array.isArray(record) || !isString(record[0]) || !Object.hasOwn(SHAPES, record[0])) {
    throw new Error('not a data file record')
  }
  if (!SHAPES[record[0]]!(record.slice(1))) throw new Error(`a malformed "${record[0]}" record`)
  // Only a line spelling `__proto__`, or using `\u` escapes (which could spell it), can hold
  // the key: the walk over the parsed record is skipped for the others (most of a big load).
  if ((line.includes('__proto__') || line.includes('\\u')) && hasProtoKey(record)) {
    throw new Error('a record holds a "__proto__" key')
  }
  return record as DataRecord
}

/**
 * The tenant as the data file describes it, built by applying records in order (last one wins
 * per key). Maps only: no id from the file can become a property name.
 */
export class StoredTenant {
  meta: TenantMeta | undefined
  readonly users = new Map<string, UserRecord>()
  readonly passwords = new Map<string, string>()
  readonly resourceServers = new Map<string, ResourceServerRecord>()
  readonly roles = new Map<string, RoleRecord>()
  readonly rolePermissions = new Map<string, PermissionRef[]>()
  readonly userPermissions = new Map<string, PermissionRef[]>()
  /** role id → user id → assigned at. */
  readonly members = new Map<string, Map<string, number>>()
  readonly clientGrants = new Map<string, ClientGrantRecord>()

  apply(record: DataRecord): void {
    switch (record[0]) {
      case 'u':
        return void this.users.set(record[1].user_id as string, record[1])
      case 'ud':
        return void this.users.delete(record[1])
      case 'pw':
        return setOrDelete(this.passwords, record[1], record[2])
      case 'rs':
        return setOrDelete(this.resourceServers, record[1], record[2])
      case 'ro':
        return setOrDelete(this.roles, record[1], record[2])
      case 'rp':
        return setOrDelete(this.rolePermissions, record[1], record[2].length ? record[2] : null)
      case 'up':
        return setOrDelete(this.userPermissions, record[1], record[2].length ? record[2] : null)
      case 'ra': {
        const users = this.members.get(record[1]) ?? new Map<string, number>()
        this.members.set(record[1], users.set(record[2], record[3]))
        return
      }
      case 'rr':
        return void this.members.get(record[1])?.delete(record[2])
      case 'rf':
        return void this.members.delete(record[1])
      case 'cg':
        return setOrDelete(this.clientGrants, record[1], record[2])
      case 'meta':
        this.meta = record[1]
    }
  }

  /** The RBAC part, in the shape `Rbac.load` takes. */
  rbac(): RbacState {
    return {
      resourceServers: [...this.resourceServers.values()],
      roles: [...this.roles.values()].map((role) => ({
        ...role,
        permissions: this.rolePermissions.get(role.id) ?? [],
        users: [...(this.members.get(role.id) ?? [])],
      })),
      userPermissions: [...this.userPermissions].map(([user_id, permissions]) => ({
        user_id,
        permissions,
      })),
      clientGrants: [...this.clientGrants.values()],
    }
  }
}

function setOrDelete<T>(map: Map<string, T>, key: string, value: T | null): void {
  if (value === null) map.delete(key)
  else map.set(key, value)
}
