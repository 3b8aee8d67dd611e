import { DoesNotExist, type Auth0, type Role } from '../index.js'
import { UsageError } from './usage-error.js'

/** A role id as Auth0 makes them (`rol_` and letters or digits); anything else is a name. */
const ROLE_ID = /^rol_[A-Za-z0-9]+$/

/**
 * The role a command names, by id (`rol_…`) or exact name. An unknown role is a usage error,
 * found before any write.
 */
export async function findRole(auth0: Auth0, ref: string): Promise<Role> {
  const text = ref.trim()
  if (text === '') throw new UsageError('name a role: its name or its id (rol_…).')
  try {
    return ROLE_ID.test(text) ? await auth0.roles.get(text) : await auth0.roles.get({ name: text })
  } catch (error) {
    if (error instanceof DoesNotExist) {
      throw new UsageError(`there is no role ${JSON.stringify(text)} (by name or id).`)
    }
    throw error
  }
}

/** A role as the CLI prints it: its id, name and description, nothing else. */
export function roleRecord(role: Role): Record<string, unknown> {
  const { id, name, description } = role.asDict() as Record<string, unknown>
  return { id, name, ...(description === undefined ? {} : { description }) }
}
