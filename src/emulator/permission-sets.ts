import { comparePermissions, permissionKey, type PermissionRef } from './rbac-ids.js'

/**
 * Permissions held by owners (roles, or users directly), each set keyed by API identifier and
 * permission name. Adding one already held is a no-op (**[I]**: Auth0 does not document it).
 */
export class PermissionSets {
  readonly #sets = new Map<string, Map<string, PermissionRef>>()
  #listener: ((owner: string, permissions: PermissionRef[]) => void) | undefined

  /** Called with an owner's whole new set after it changes (the journal; at most 1000 each). */
  onChange(listener: (owner: string, permissions: PermissionRef[]) => void): void {
    this.#listener = listener
  }

  /** An owner's permissions in list order (API identifier, then name). */
  of(owner: string): PermissionRef[] {
    return [...(this.#sets.get(owner)?.values() ?? [])].sort(comparePermissions)
  }

  has(owner: string, permission: PermissionRef): boolean {
    return this.#sets.get(owner)?.has(permissionKey(permission)) ?? false
  }

  /** How many `owner` would hold after adding `permissions`. */
  sizeAfter(owner: string, permissions: readonly PermissionRef[]): number {
    const keys = new Set(this.#sets.get(owner)?.keys() ?? [])
    for (const permission of permissions) keys.add(permissionKey(permission))
    return keys.size
  }

  add(owner: string, permissions: readonly PermissionRef[]): void {
    let set = this.#sets.get(owner)
    if (set === undefined) this.#sets.set(owner, (set = new Map()))
    for (const { resource_server_identifier, permission_name } of permissions) {
      const copy = { resource_server_identifier, permission_name }
      set.set(permissionKey(copy), copy)
    }
    this.#changed(owner)
  }

  remove(owner: string, permissions: readonly PermissionRef[]): void {
    const set = this.#sets.get(owner)
    if (set === undefined) return
    for (const permission of permissions) set.delete(permissionKey(permission))
    if (set.size === 0) this.#sets.delete(owner)
    this.#changed(owner)
  }

  /** Drops an owner (a deleted role or user) with everything it held. */
  forget(owner: string): void {
    if (this.#sets.delete(owner)) this.#changed(owner)
  }

  /** Keeps only the permissions `exists` still accepts (after an API or a scope went away). */
  prune(exists: (permission: PermissionRef) => boolean): void {
    for (const [owner, set] of this.#sets) {
      const before = set.size
      for (const [key, permission] of set) if (!exists(permission)) set.delete(key)
      if (set.size === 0) this.#sets.delete(owner)
      if (set.size !== before) this.#changed(owner)
    }
  }

  #changed(owner: string): void {
    this.#listener?.(owner, this.of(owner))
  }

  /** Every owner with its permissions, for the data file. */
  entries(): [string, PermissionRef[]][] {
    return [...this.#sets.keys()].map((owner) => [owner, this.of(owner)])
  }
}
