import { parseFields } from './record-fields.js'
import { UsageError } from './usage-error.js'
import { DEFAULT_COLUMNS, writeUsers } from './users-output.js'
import { selectionFrom, type SelectionFlags } from './users-selection.js'
import { tenantFromEnv } from './users-tenant.js'

export interface ListFlags extends SelectionFlags {
  json?: boolean
  fields?: string
  limit?: number
  sort?: string
}

/**
 * `auth0plus users list [selection] [--json] [--fields a,b] [--limit N] [--sort -field]`: streams
 * the matching users from search, page by page. A table fetches only its columns; JSON whole
 * users unless `--fields` names some.
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
  if (flags.sort !== undefined) users = users.orderBy(sortField(flags.sort))
  if (flags.limit !== undefined) users = users.slice(0, flags.limit)
  await writeUsers(users, { json: flags.json === true, fields })
  return 0
}

/** `--sort created_at` or `--sort -created_at`: one field name, a leading `-` for descending. */
function sortField(text: string): string {
  if (!/^-?[A-Za-z0-9_][A-Za-z0-9_.]*$/.test(text.trim())) {
    throw new UsageError(`--sort: ${JSON.stringify(text)} is not a field name (e.g. -created_at).`)
  }
  return text.trim()
}
