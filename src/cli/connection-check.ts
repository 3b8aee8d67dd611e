import { Auth0Error, type Auth0 } from '../index.js'
import { CliError } from './usage-error.js'

/**
 * When a search scoped to a connection matched nobody, tells a misspelt connection from an
 * empty one: an unknown CONNECTION (or `--connection`) is an error, not "0 users". One request
 * (GET /connections?name=…), made only then; without the `read:connections` scope the check
 * cannot be made, and the empty result stands.
 */
export async function refuseUnknownConnection(
  auth0: Auth0,
  connection: string | undefined,
): Promise<void> {
  if (connection === undefined) return
  let id: string | undefined
  try {
    id = await auth0.users.connectionId(connection)
  } catch (error) {
    if (error instanceof Auth0Error && (error.statusCode === 401 || error.statusCode === 403)) {
      return
    }
    throw error
  }
  if (id === undefined) {
    throw new CliError(
      `the tenant has no connection named "${connection}": check CONNECTION (or --connection).`,
    )
  }
}
