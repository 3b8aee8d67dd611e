import { refuseUnknownConnection } from './connection-check.js'
import { selectionFrom, type SelectionFlags } from './users-selection.js'
import { tenantFromEnv } from './users-tenant.js'

export interface CountFlags extends SelectionFlags {
  json?: boolean
}

/**
 * `auth0plus users count [selection] [--json]`: prints the number of matching users, nothing
 * else (or `{"count":N}`), so scripts can read it (one small request: Auth0's `include_totals`).
 */
export async function countUsers(flags: CountFlags): Promise<number> {
  const auth0 = await tenantFromEnv()
  const selection = selectionFrom(flags, auth0.users.connection)
  // A tenant (or a proxy) answering a total that is not a number is the library's
  // UnexpectedAnswer (checked where the answer arrives), so scripts never read NaN.
  const count = await auth0.users.query(selection.where, selection.params).count()
  if (count === 0) await refuseUnknownConnection(auth0, selection.connection)
  process.stdout.write(flags.json ? `${JSON.stringify({ count })}\n` : `${count}\n`)
  return 0
}
