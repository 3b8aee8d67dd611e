import type { Command } from 'commander'
import { exitCodesHelp } from './exit-codes.js'
import { deleteRole, type DeleteRoleFlags } from './roles-delete.js'
import { createRole, listRoles, type CreateRoleFlags, type ListRolesFlags } from './roles-list.js'
import { runAction } from './run-action.js'

const TENANT_HELP = `
Tenant: DOMAIN, CLIENT_ID, CLIENT_SECRET from the environment or ./.env (--env).
A ROLE is a role's exact name or its id (rol_…).`

/**
 * `auth0plus roles list|create|delete`: the tenant's roles from a shell. Assigning roles to
 * users is `auth0plus users add-role|remove-role`; a user's roles, `auth0plus users roles <id>`.
 *
 * @example
 * // $ auth0plus roles create editor --description 'Edits reports'
 * // $ auth0plus roles delete editor --yes
 */
export function registerRolesCommand(program: Command): void {
  const roles = program
    .command('roles')
    .description('Roles (Auth0 RBAC): list, create, delete.')
    .addHelpText('after', TENANT_HELP)

  roles
    .command('list')
    .description('List the roles, by name.')
    .option('-n, --name <text>', "only roles whose name contains this (Auth0's name_filter)")
    .option('-j, --json', 'JSON lines instead of a table')
    .addHelpText('after', `${TENANT_HELP}\n${exitCodesHelp(['ok', 'failed', 'usage'])}`)
    .action((flags: ListRolesFlags) => runAction(() => listRoles(flags), 'roles'))

  roles
    .command('create')
    .description('Create a role (its name must be new).')
    .argument('<name>', "the role's name")
    .option('-d, --description <text>', "the role's description")
    .option('-j, --json', 'print the role as JSON')
    .addHelpText('after', `${TENANT_HELP}\n${exitCodesHelp(['ok', 'failed', 'usage'])}`)
    .action((name: string, flags: CreateRoleFlags) =>
      runAction(() => createRole(name, flags), 'roles'),
    )

  roles
    .command('delete')
    .description('Delete a role; its users lose it (their other roles stay).')
    .argument('<role>', "the role's name or id")
    .option('-y, --yes', 'delete (without it: show the role and its users, change nothing)')
    .option('--dry-run', 'never delete, even with --yes')
    .addHelpText('after', `${TENANT_HELP}\n${exitCodesHelp(['ok', 'failed', 'usage', 'notDone'])}`)
    .action((role: string, flags: DeleteRoleFlags) =>
      runAction(() => deleteRole(role, flags), 'roles'),
    )
}
