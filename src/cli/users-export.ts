import { parseFields } from './record-fields.js'
import { UsageError } from './usage-error.js'
import { writeUsers } from './users-output.js'
import { tenantFromEnv } from './users-tenant.js'

export interface ExportFlags {
  json?: boolean
  fields?: string
  connection?: string
  allConnections?: boolean
}

/**
 * `auth0plus users export [--connection X | --all-connections] [--json] [--fields a,b]`: every
 * user of the connection through Auth0's users-export job (no 1000-result cap, one job
 * instead of thousands of searches), streamed from its gzip file. The job cannot filter:
 * use `list` for a search.
 */
export async function exportUsers(flags: ExportFlags): Promise<number> {
  const fields = parseFields(flags.fields)
  if (flags.connection !== undefined && flags.allConnections) {
    throw new UsageError('Pass --connection or --all-connections, not both.')
  }
  if (flags.connection !== undefined && flags.connection.trim() === '') {
    throw new UsageError('--connection needs a value.')
  }
  const auth0 = await tenantFromEnv()
  const connection = flags.allConnections ? undefined : (flags.connection ?? auth0.users.connection)
  const users = auth0.users.export({
    ...(connection === undefined ? {} : { connection }),
    ...(fields === undefined ? {} : { fields }),
  })
  await writeUsers(users, { json: flags.json === true, fields })
  return 0
}
