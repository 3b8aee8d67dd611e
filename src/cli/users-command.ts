import { InvalidArgumentError, type Command } from 'commander'
import { exitCodesHelp } from './exit-codes.js'
import { runAction } from './run-action.js'
import { runBulk, type BulkFlags } from './users-bulk.js'
import { countUsers } from './users-count.js'
import { runRoleBulk, type RoleAction, type RoleBulkFlags } from './users-role-bulk.js'
import { showUserRoles, type ShowRolesFlags } from './users-roles-show.js'
import { exportUsers, type ExportFlags } from './users-export.js'
import { registerLifecycleCommands } from './users-lifecycle-command.js'
import { IMPORT_FILE_NOTE, importUsers, type ImportFlags } from './users-import.js'
import { listUsers, type ListFlags } from './users-list.js'
import { PASSWORD_NOTE, restoreUsers, type RestoreFlags } from './users-restore.js'
import type { CountFlags } from './users-count.js'

const SELECTION_HELP = `
Selecting users (all flags are ANDed):
  --where KEY=VALUE     KEY is a lookup key: dotted or Django-style, with __in, __gt, __gte,
                        __lt, __lte, __range, __exists, __exact. Lists are comma-separated:
                        --where email__in=a@x.io,b@x.io   --where logins_count__range=1,10
  Values are text, except on Auth0's typed root fields: blocked, email_verified,
  phone_verified (true|false) and logins_count (a number). Metadata values match by JSON
  type, so for a number or boolean there use KEY:=JSON:  --where app_metadata.level:=5
  --q LUCENE            raw Auth0 search syntax, not checked before it is sent.
  The search is scoped to CONNECTION unless --connection or --all-connections says otherwise.`

const ROLE_BACKUP_NOTE = `The backup lists only the users whose assignment changed. To undo a job:
  auth0plus users remove-role ROLE --from-backup <backup> --yes   (after add-role)
  auth0plus users add-role ROLE --from-backup <backup> --yes      (after remove-role)`

const TENANT_HELP = `
Tenant: DOMAIN, CLIENT_ID, CLIENT_SECRET, CONNECTION from the environment or ./.env (--env).`

/** The help's tail: the tenant settings, and the exit codes this command can end with. */
const help = (...codes: Parameters<typeof exitCodesHelp>[0]) =>
  `${TENANT_HELP}\n${exitCodesHelp(codes)}`
const READING = help('ok', 'failed', 'usage')
const ACTING = help('ok', 'failed', 'usage', 'notDone', 'interrupted')
const RESTORING = help('ok', 'failed', 'usage', 'interrupted')

/**
 * `auth0plus users count|list|export|import|delete|update|restore|roles|add-role|remove-role` (and the
 * account-lifecycle commands of `users-lifecycle-command.ts`): user work from a shell.
 *
 * @example
 * // $ auth0plus users count --email '*@test.example'
 * // $ auth0plus users delete --where app_metadata.test:=true --max 500 --yes
 * // $ auth0plus users restore auth0plus-backup-acme.eu.auth0.com-2025-01-01T00-00-00-000Z.jsonl --random-password
 */
export function registerUsersCommand(program: Command): void {
  const users = program
    .command('users')
    .description(
      'User work: count, list, export, import, delete, update, restore, roles, add-role, remove-role; reset-password, verify-email, unblock, revoke-sessions, logs.',
    )
    .addHelpText('after', `${SELECTION_HELP}\n${ACTING}`)

  withSelection(users.command('count').description('Print how many users match.'), READING)
    .option('-j, --json', 'print {"count": N} instead of the bare number')
    .action((flags: CountFlags) => runAction(() => countUsers(flags)))

  withOutput(
    withSelection(users.command('list').description('List matching users (search).'), READING),
  )
    .option('-n, --limit <n>', 'at most this many users', count)
    .option('-s, --sort <field>', 'order by this field, descending with a leading -: -created_at')
    .action((flags: ListFlags) => runAction(() => listUsers(flags)))

  withOutput(
    users
      .command('export')
      .description("Every user of the connection, through Auth0's export job."),
  )
    .option('-c, --connection <name>', 'export this connection instead of CONNECTION')
    .option('-a, --all-connections', 'export every connection')
    .addHelpText('after', READING)
    .action((flags: ExportFlags) => runAction(() => exportUsers(flags)))

  withActing(
    withSelection(users.command('delete').description('Delete matching users.'), ACTING),
  ).action((flags: BulkFlags) => runAction(() => runBulk('delete', flags)))

  withActing(withSelection(users.command('update').description('Update matching users.'), ACTING))
    .option(
      '--set <key=value>',
      'field to set, e.g. user_metadata.band=AC/DC or blocked=true (repeatable)',
      collect,
    )
    .option(
      '--set-json <json>',
      'fields to set as a JSON object, e.g. \'{"app_metadata":{"plan":"gold"}}\'',
    )
    .action((flags: BulkFlags) => runAction(() => runBulk('update', flags)))

  const roleJob = (action: RoleAction, description: string) =>
    withActing(withSelection(users.command(action).description(description), ACTING))
      .argument('<role>', "the role's exact name or its id (rol_…)")
      .option(
        '--from-backup <file>',
        'act on the users of a backup add-role/remove-role wrote (to undo that job)',
      )
      .addHelpText('after', `\n${ROLE_BACKUP_NOTE}`)
      .action((role: string, flags: RoleBulkFlags) =>
        runAction(() => runRoleBulk(action, role, flags)),
      )
  roleJob('add-role', 'Give a role to every matching user (one request per 1000 users).')
  roleJob('remove-role', 'Take a role from every matching user (one request per user).')

  users
    .command('roles')
    .description("A user's roles, and every permission it holds (directly or through a role).")
    .argument('<user_id>', 'the user')
    .option('-j, --json', 'one JSON object: {user_id, roles, permissions}')
    .addHelpText('after', READING)
    .action((userId: string, flags: ShowRolesFlags) =>
      runAction(() => showUserRoles(userId, flags)),
    )

  users
    .command('restore')
    .description('Re-create the users of a backup file (passwords cannot be restored).')
    .argument('<file>', 'a backup written by delete or update')
    .option('--random-password', 'give each user a strong random password, never shown (required)')
    .option('--connection <name>', "restore into this connection instead of each user's own")
    .option('--dry-run', 'check the file and show what would be restored')
    .option('-j, --json', 'end with a JSON summary on stdout (the report goes to stderr)')
    .addHelpText('after', `\n${PASSWORD_NOTE}\n${RESTORING}`)
    .action((file: string, flags: RestoreFlags) => runAction(() => restoreUsers(file, flags)))

  users
    .command('import')
    .description(
      "Create (or --upsert) the users of a JSON-lines file through Auth0's import jobs (≤ 500 KB a job, 2 at a time).",
    )
    .argument('<file>', 'one user per line: the import schema, or a backup/export line')
    .option('--connection <name>', 'import into this database connection instead of CONNECTION')
    .option('--upsert', 'update users whose e-mail exists (their metadata is replaced, not merged)')
    .option('--external-id <id>', "sent as each job's external_id")
    .option('--send-completion-email', 'let Auth0 e-mail the tenant admins as each job completes')
    .option('--dry-run', 'check every line and count the users; send nothing')
    .option('-j, --json', 'end with a JSON summary on stdout (the report goes to stderr)')
    .addHelpText('after', `\n${IMPORT_FILE_NOTE}\n${RESTORING}`)
    .action((file: string, flags: ImportFlags) => runAction(() => importUsers(file, flags)))

  registerLifecycleCommands(users, {
    withSelection: (command) => withSelection(command, ACTING),
    count,
  })
}

function withSelection(command: Command, exitHelp: string): Command {
  return command
    .addHelpText('after', `${SELECTION_HELP}\n${exitHelp}`)
    .option('-e, --email <pattern>', 'e-mail, * as a wildcard (e.g. "*@test.example")')
    .option('-u, --user-id <id>', 'one user id')
    .option(
      '-w, --where <key=value>',
      'lookup, e.g. user_metadata.band=AC/DC (repeatable)',
      collect,
    )
    .option(
      '-x, --exclude <key=value>',
      'leave out users matching this lookup (repeatable)',
      collect,
    )
    .option('-q, --q <lucene>', 'raw lucene query, ANDed with the other flags')
    .option('-c, --connection <name>', 'search this connection instead of CONNECTION')
    .option('-a, --all-connections', 'search every connection')
}

function withOutput(command: Command): Command {
  return command
    .option('-j, --json', 'JSON lines instead of a table')
    .option('-f, --fields <a,b>', 'only these fields (dotted names allowed)')
}

function withActing(command: Command): Command {
  return command
    .option('-y, --yes', 'act (without it: show the count and a sample, change nothing)')
    .option('--dry-run', 'never act, even with --yes')
    .option('--max <n>', 'refuse to act on more than n users', count)
    .option('--backup <file>', 'backup file (default: auth0plus-backup-<tenant>-<time>.jsonl here)')
    .option('--everyone', 'allow acting without any selection flag')
    .option('-j, --json', 'end with a JSON summary on stdout (the report goes to stderr)')
}

// No commander default: it would print `(default: [])` in the help.
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

function count(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('Not a non-negative integer.')
  }
  return n
}
