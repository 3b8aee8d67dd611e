import { compare } from './rbac-ids.js'

/** One user holding a role, with when it was assigned (the order of a role's users). */
export interface Membership {
  userId: string
  /** ms since the epoch. */
  at: number
}

/**
 * Which users hold which roles, both ways. A role's users are listed by assignment time, then
 * user id — the order Auth0's checkpoint cursor encodes (`<time>,<user_id>`, **[I]** from a
 * recorded cursor).
 */
export class RoleMembers {
  readonly #usersByRole = new Map<string, Map<string, number>>()
  readonly #rolesByUser = new Map<string, Set<string>>()

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
    if (!users.has(userId)) users.set(userId, at)
    let roles = this.#rolesByUser.get(userId)
    if (roles === undefined) this.#rolesByUser.set(userId, (roles = new Set()))
    roles.add(roleId)
  }

  unassign(roleId: string, userId: string): void {
    const users = this.#usersByRole.get(roleId)
    users?.delete(userId)
    if (users?.size === 0) this.#usersByRole.delete(roleId)
    const roles = this.#rolesByUser.get(userId)
    roles?.delete(roleId)
    if (roles?.size === 0) this.#rolesByUser.delete(userId)
  }

  forgetUser(userId: string): void {
    for (const roleId of this.rolesOf(userId)) this.unassign(roleId, userId)
  }

  forgetRole(roleId: string): void {
    for (const { userId } of this.usersOf(roleId)) this.unassign(roleId, userId)
  }
}
