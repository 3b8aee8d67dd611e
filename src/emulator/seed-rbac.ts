import { ApiError } from './api-error.js'
import type { Clock } from './clock.js'
import { MANAGEMENT_API_KEY, type Rbac } from './rbac.js'
import type { PermissionRef } from './rbac-ids.js'
import { createResourceServerSchema, validateResourceServer } from './resource-server-schema.js'
import type { UserStore } from './user-store.js'

/** A role to create at start (`startEmulator({ roles })`). */
export interface RoleSeed {
  name: string
  description?: string
  /** Permissions on seeded APIs, or on the Management API named `'auth0plus:management-api'`. */
  permissions?: readonly PermissionRef[]
  /** Its users, by user id or e-mail (seeded users' ids are random, their e-mails are not). */
  users?: readonly string[]
}

/** A client grant to a seeded API (`startEmulator({ clientGrants })`). */
export interface ClientGrantSeed {
  client_id: string
  audience: string
  scope?: readonly string[]
  subject_type?: 'client' | 'user'
}

/** What `startEmulator` seeds into an empty RBAC state. */
export interface RbacSeeds {
  resourceServers?: readonly Record<string, unknown>[]
  roles?: readonly RoleSeed[]
  clientGrants?: readonly ClientGrantSeed[]
}

/**
 * Creates seeded APIs, roles (with permissions and users) and client grants through the same
 * checks as the API, so a bad seed stops the start with Auth0's message instead of producing
 * a tenant that could not exist.
 */
export function seedRbac(rbac: Rbac, users: UserStore, seeds: RbacSeeds, now: Clock): void {
  try {
    for (const body of seeds.resourceServers ?? []) {
      rbac.resourceServers.create(validateResourceServer(body, createResourceServerSchema))
    }
    for (const seed of seeds.roles ?? []) {
      const role = rbac.roles.create(seed.name, seed.description)
      // The Management API's identifier is not known before the server listens: seeds name it by key.
      const permissions = (seed.permissions ?? []).map((p) =>
        p.resource_server_identifier === MANAGEMENT_API_KEY
          ? { ...p, resource_server_identifier: rbac.resourceServers.system().identifier }
          : p,
      )
      rbac.rolePermissions.add(role.id, rbac.checkPermissions(permissions))
      for (const who of seed.users ?? []) {
        const user = users.get(who) ?? users.findByEmail(who)[0]
        if (user === undefined) throw new Error(`role seed ${seed.name}: no user ${who}`)
        rbac.members.assign(role.id, user.user_id as string, now())
      }
    }
    for (const grant of seeds.clientGrants ?? []) {
      const api = rbac.resourceServerByIdentifier(grant.audience)
      if (api === undefined) throw new Error(`client grant seed: no API ${grant.audience}`)
      if (api.is_system === true) {
        throw new Error('client grant seed: Management API grants come from the clients option')
      }
      rbac.clientGrants.create(
        { ...grant, audience: api.identifier, scope: [...(grant.scope ?? [])] },
        (a) => rbac.resourceServerByIdentifier(a)?.id === api.id,
      )
    }
  } catch (err) {
    if (err instanceof ApiError)
      throw new Error(`RBAC seed refused: ${err.message}`, { cause: err })
    throw err
  }
}
