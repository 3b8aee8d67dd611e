import { EXIT } from './exit-codes.js'
import { findRole } from './role-lookup.js'
import { tenantFromEnv } from './users-tenant.js'

export interface DeleteRoleFlags {
  yes?: boolean
  dryRun?: boolean
}

/** Members named in the preview. */
const SAMPLE = 5

/**
 * `auth0plus roles delete ROLE [--yes] [--dry-run]`: shows the role, how many users hold it and
 * a few of them, and deletes it only with `--yes` (never with `--dry-run`). Auth0 removes the
 * role from its users; to keep a list of them first, `auth0plus users remove-role ROLE` backs
 * up the assignments it removes.
 */
export async function deleteRole(ref: string, flags: DeleteRoleFlags): Promise<number> {
  const say = (line: string) => void process.stdout.write(`${line}\n`)
  const auth0 = await tenantFromEnv()
  const role = await findRole(auth0, ref)
  const members = role.users.all()
  const count = await members.count()
  const sample = count === 0 ? [] : await members.slice(0, SAMPLE).toArray()
  say(`Role ${role.name} (${role.id}): ${count} user${count === 1 ? '' : 's'} hold it.`)
  for (const user of sample) say(`  ${user.user_id}  ${user.email ?? ''}`.trimEnd())
  if (count > sample.length) say(`  … and ${count - sample.length} more`)
  if (flags.dryRun) return (say('Dry run: the role was not deleted.'), EXIT.ok)
  if (!flags.yes) {
    say('The role was not deleted. Re-run with --yes to delete it.')
    return EXIT.notDone
  }
  await role.delete()
  say(`Deleted role ${role.name} (${role.id}).`)
  return EXIT.ok
}
