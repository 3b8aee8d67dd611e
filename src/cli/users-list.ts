import { parseFields } from './record-fields.js'
import { DEFAULT_COLUMNS, writeUsers } from './users-output.js'
import { selectionFrom, type SelectionFlags } from './users-selection.js'
import { tenantFromEnv } from './users-tenant.js'

export interface ListFlags extends SelectionFlags {
  json?: boolean
  fields?: string
  limit?: number
}

/**
 * `auth0plus users list [selection] [--json] [--fields a,b] [--limit N]`: streams the matching
 * users from search, page by page. A table fetches only its columns; JSON whole users unless
 * `--fields` names some.
 */
export async function listUsers(flags: ListFlags): Promise<number> {
  const fields = parseFields(flags.fields)
  const auth0 = await tenantFromEnv()
  const selection = selectionFrom(flags, auth0.users.connection)
  const columns = fields ?? (flags.json ? undefined : [...DEFAULT_COLUMNS])
  let users = auth0.users.query(selection.where, {
    ...selection.params,
    ...(columns === undefined ? {} : { fields: columns }),
  })
  if (flags.limit !== undefined) users = users.slice(0, flags.limit)
  await writeUsers(users, { json: flags.json === true, fields })
  return 0
}
