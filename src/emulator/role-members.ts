import { compare } from './rbac-ids.js'

/** One user holding a role, with when it was assigned (the order of a role's users). */
export interface Membership {
  userId: string
  /** ms since the epoch. */
  at: number
}

/** One change, for the data file's journal: an assignment, a removal, or a role's members all dropped. */
export type MembershipChange =
  | { kind: 'assign'; roleId: string; userId: string; at: number }
  | { kind: 'unassign'; roleId: string; userId: string }
  | { kind: 'forgetRole'; roleId: string }

/**
 * Which users hold which roles, both ways. A role's users are listed by assignment time, then
 * user id — the order Auth0's checkpoint cursor encodes (`<time>,<user_id>`, **[I]** from a
 * recorded cursor).
 */
export class RoleMembers {
  readonly #usersByRole = new Map<string, Map<string, number>>()
  readonly #rolesByUser = new Map<string, Set<string>>()
  #listener: ((change: MembershipChange) => void) | undefined

  /** Called after each change (the journal): one record per assignment, O(1) each. */
  onChange(listener: (change: MembershipChange) => void): void {
    this.#listener = listener
  }

  /** The role's users in cursor order. */
  usersOf(roleId: string): Membership[] {
    const users = this.#usersByRole.get(roleId)
    if (users === undefined) return []
    return [...users]
      .map(([userId, at]) => ({ userId, at }))
      .sort((a, b) => a.at - b.at || compare(a.userId, b.userId))
  }

  rolesOf(userId: string): string[] {
    return [...(this.#rolesByUser.get(userId) ?? [])]
  }

  /** Assigns; a user who already holds the role keeps its first assignment time. */
  assign(roleId: string, userId: string, at: number): void {
    let users = this.#usersByRole.get(roleId)
    if (users === undefined) this.#usersByRole.set(roleId, (users = new Map()))
    if (users.has(userId)) return
    users.set(userId, at)
    let roles = this.#rolesByUser.get(userId)
    if (roles === undefined) this.#rolesByUser.set(userId, (roles = new Set()))
    roles.add(roleId)
    this.#listener?.({ kind: 'assign', roleId, userId, at })
  }

  unassign(roleId: string, userId: string): void {
    if (this.#remove(roleId, userId)) this.#listener?.({ kind: 'unassign', roleId, userId })
  }

  forgetUser(userId: string): void {
    for (const roleId of this.rolesOf(userId)) this.unassign(roleId, userId)
  }

  /** Drops every member of a role: one journal record, however many members it had. */
  forgetRole(roleId: string): void {
    for (const userId of [...(this.#usersByRole.get(roleId)?.keys() ?? [])]) {
      this.#remove(roleId, userId)
    }
    this.#listener?.({ kind: 'forgetRole', roleId })
  }

  /** Every assignment, from live maps (the data file's background snapshot walks it). */
  *entries(): Generator<[roleId: string, userId: string, at: number]> {
    for (const [roleId, users] of this.#usersByRole) {
      for (const [userId, at] of users) yield [roleId, userId, at]
    }
  }

  #remove(roleId: string, userId: string): boolean {
    const users = this.#usersByRole.get(roleId)
    if (users?.delete(userId) !== true) return false
    if (users.size === 0) this.#usersByRole.delete(roleId)
    const roles = this.#rolesByUser.get(userId)
    roles?.delete(roleId)
    if (roles?.size === 0) this.#rolesByUser.delete(userId)
    return true
  }
}
