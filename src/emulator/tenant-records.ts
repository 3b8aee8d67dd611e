import type { DataRecord, TenantMeta } from './data-records.js'
import type { PasswordStore } from './passwords.js'
import type { Rbac } from './rbac.js'
import { END_TAG, FORMAT, type SnapshotHeader } from './snapshot-file.js'
import type { UserStore } from './user-store.js'

/** The stores whose state the data file keeps. */
export interface PersistedStores {
  store: UserStore
  passwords: PasswordStore
  rbac: Rbac
}

/**
 * Sends every change of the persisted stores to `append` as one record, as it happens: the
 * journal then costs the size of the change, whatever wrote it (a route, a login, an import
 * job), with no diffing. Cascades (a deleted user's password, roles and permissions) are
 * recorded by the stores that apply them.
 */
export function captureChanges(
  { store, passwords, rbac }: PersistedStores,
  append: (record: DataRecord) => void,
): void {
  store.onChange((id, user) => append(user === null ? ['ud', id] : ['u', user]))
  passwords.onChange((id, digest) => append(['pw', id, digest]))
  rbac.resourceServers.onChange((id, api) => append(['rs', id, api]))
  rbac.roles.onChange((id, role) => append(['ro', id, role]))
  rbac.rolePermissions.onChange((id, permissions) => append(['rp', id, permissions]))
  rbac.userPermissions.onChange((id, permissions) => append(['up', id, permissions]))
  rbac.clientGrants.onChange((id, grant) => append(['cg', id, grant]))
  rbac.members.onChange((change) => {
    if (change.kind === 'assign') append(['ra', change.roleId, change.userId, change.at])
    else if (change.kind === 'unassign') append(['rr', change.roleId, change.userId])
    else append(['rf', change.roleId])
  })
}

/**
 * The snapshot's lines: the header, one record per line, then the end line with the count.
 * Users, passwords and role members are read through live iterators, one line at a time, so a
 * snapshot written in the background sees some writes made meanwhile: harmless, because those
 * writes are also in the journal it names, and every record sets an absolute value.
 */
export function* snapshotLines(
  stores: PersistedStores,
  header: { tenant: string; journal: number; meta: TenantMeta },
): Generator<string> {
  const { store, passwords, rbac } = stores
  const first: SnapshotHeader = {
    format: FORMAT,
    version: 2,
    tenant: header.tenant,
    journal: header.journal,
    ...header.meta,
  }
  yield JSON.stringify(first)
  let count = 0
  const line = (record: DataRecord) => {
    count++
    return JSON.stringify(record)
  }
  for (const api of rbac.resourceServers.custom()) yield line(['rs', api.id, api])
  for (const role of rbac.roles.all()) {
    yield line(['ro', role.id, role])
    const permissions = rbac.rolePermissions.of(role.id)
    if (permissions.length > 0) yield line(['rp', role.id, permissions])
  }
  for (const grant of rbac.clientGrants.custom()) yield line(['cg', grant.id, grant])
  for (const [userId, permissions] of rbac.userPermissions.entries()) {
    yield line(['up', userId, permissions])
  }
  for (const user of store.values()) yield line(['u', user])
  for (const [userId, digest] of passwords.entries()) yield line(['pw', userId, digest])
  for (const [roleId, userId, at] of rbac.members.entries()) yield line(['ra', roleId, userId, at])
  yield JSON.stringify([END_TAG, count])
}
