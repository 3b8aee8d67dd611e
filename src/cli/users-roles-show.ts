import { roleRecord } from './role-lookup.js'
import { UsageError } from './usage-error.js'
import { tenantFromEnv } from './users-tenant.js'

export interface ShowRolesFlags {
  json?: boolean
}

/**
 * `auth0plus users roles USER_ID [--json]`: the user's roles, then every permission the user
 * holds, directly or through a role, with where it comes from. Two reads.
 */
export async function showUserRoles(userId: string, flags: ShowRolesFlags): Promise<number> {
  if (userId.trim() === '') throw new UsageError('name a user by its user_id.')
  const auth0 = await tenantFromEnv()
  const user = await auth0.users.get(userId)
  const roles = (await user.roles.all().toArray()).map(roleRecord)
  const permissions = (await user.permissions.all().toArray()).map((permission) => ({
    resource_server_identifier: permission.resource_server_identifier,
    permission_name: permission.permission_name,
    sources: (permission.sources ?? []).map((source) =>
      source.source_type === 'ROLE' ? `role ${source.source_name}` : 'direct',
    ),
  }))
  const out = (line: string) => void process.stdout.write(`${line}\n`)
  if (flags.json) {
    out(JSON.stringify({ user_id: user.user_id, roles, permissions }))
    return 0
  }
  out(`Roles of ${String(user.user_id)}${user.email ? ` (${String(user.email)})` : ''}:`)
  if (roles.length === 0) out('  (none)')
  for (const role of roles) out(`  ${String(role.name)}  ${String(role.id)}`)
  out('Permissions:')
  if (permissions.length === 0) out('  (none)')
  for (const p of permissions) {
    out(`  ${p.resource_server_identifier}  ${p.permission_name}  (${p.sources.join(', ')})`)
  }
  return 0
}
