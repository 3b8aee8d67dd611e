import { ApiError } from './api-error.js'
import { compare, newRoleId } from './rbac-ids.js'

/** A role as stored; `description` is absent until set. */
export interface RoleRecord {
  id: string
  name: string
  description?: string
}

/** Auth0's entity limit: 1000 roles per tenant (**[?]** error text). */
export const MAX_ROLES = 1000

export const roleNotFound = () => new ApiError(404, 'The role does not exist.')

/**
 * The tenant's roles, by id and by name. Names are unique, case-sensitively (**[?]**: Auth0
 * documents a 409 `The role already exists.` without saying what collides).
 */
export class RoleStore {
  readonly #byId = new Map<string, RoleRecord>()
  readonly #idByName = new Map<string, string>()
  #listener: ((id: string, role: RoleRecord | null) => void) | undefined

  /** Called after each write with the new record, or null for a delete (the journal). */
  onChange(listener: (id: string, role: RoleRecord | null) => void): void {
    this.#listener = listener
  }

  get size(): number {
    return this.#byId.size
  }

  get(id: string): RoleRecord | undefined {
    return this.#byId.get(id)
  }

  /** Every role, ordered by name then id (**[?]** order). */
  all(): RoleRecord[] {
    return [...this.#byId.values()].sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id))
  }

  create(name: string, description: string | undefined): RoleRecord {
    if (this.#idByName.has(name)) throw conflict()
    if (this.#byId.size >= MAX_ROLES) {
      throw new ApiError(400, `You have reached the maximum number of roles (${MAX_ROLES}).`)
    }
    const role: RoleRecord = { id: newRoleId(), name }
    if (description !== undefined) role.description = description
    this.insert(role)
    return role
  }

  update(role: RoleRecord, patch: { name?: string; description?: string }): RoleRecord {
    if (patch.name !== undefined && patch.name !== role.name && this.#idByName.has(patch.name)) {
      throw conflict()
    }
    const updated: RoleRecord = { ...role, ...patch }
    this.#idByName.delete(role.name)
    this.insert(updated)
    return updated
  }

  delete(id: string): boolean {
    const role = this.#byId.get(id)
    if (role === undefined) return false
    this.#byId.delete(id)
    this.#idByName.delete(role.name)
    this.#listener?.(id, null)
    return true
  }

  /** Adds a stored role (data file) or a new one. */
  insert(role: RoleRecord): void {
    this.#byId.set(role.id, role)
    this.#idByName.set(role.name, role.id)
    this.#listener?.(role.id, role)
  }
}

const conflict = () => new ApiError(409, 'The role already exists.')

/** A role as GET answers it: `description` is `""` when never set (recorded). */
export function describeRole(role: RoleRecord): Record<string, unknown> {
  return { id: role.id, name: role.name, description: role.description ?? '' }
}
