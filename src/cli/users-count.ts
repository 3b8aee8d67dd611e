import { CliError } from './usage-error.js'
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
  const count: unknown = await auth0.users.query(selection.where, selection.params).count()
  // Scripts act on this number: a tenant (or a proxy) answering something else must not print NaN.
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new CliError('the tenant answered a count that is not a number')
  }
  process.stdout.write(flags.json ? `${JSON.stringify({ count })}\n` : `${count}\n`)
  return 0
}
