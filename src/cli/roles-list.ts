import { LineSink } from './line-sink.js'
import { roleRecord } from './role-lookup.js'
import { TableWriter } from './table-writer.js'
import { UsageError } from './usage-error.js'
import { tenantFromEnv } from './users-tenant.js'

export interface ListRolesFlags {
  name?: string
  json?: boolean
}

export interface CreateRoleFlags {
  description?: string
  json?: boolean
}

/** `auth0plus roles list [--name text] [--json]`: every role (or those whose name contains text). */
export async function listRoles(flags: ListRolesFlags): Promise<number> {
  const auth0 = await tenantFromEnv()
  const roles =
    flags.name === undefined ? auth0.roles.all() : auth0.roles.query({ name: flags.name })
  const sink = new LineSink(process.stdout)
  const table = flags.json ? undefined : new TableWriter(sink, ['name', 'id', 'description'])
  let count = 0
  for await (const role of roles) {
    const record = roleRecord(role)
    if (table) await table.add(record)
    else await sink.write(JSON.stringify(record))
    count++
    if (sink.closed) break
  }
  await table?.end()
  if (table) process.stderr.write(`${count} role${count === 1 ? '' : 's'}\n`)
  return 0
}

/** `auth0plus roles create NAME [--description text]`: Auth0 refuses a name in use (409). */
export async function createRole(name: string, flags: CreateRoleFlags): Promise<number> {
  if (name.trim() === '') throw new UsageError('a role needs a name.')
  const auth0 = await tenantFromEnv()
  const role = await auth0.roles.create({
    name,
    ...(flags.description === undefined ? {} : { description: flags.description }),
  })
  const record = roleRecord(role)
  process.stdout.write(
    flags.json ? `${JSON.stringify(record)}\n` : `Created role ${role.name} (${role.id}).\n`,
  )
  return 0
}
