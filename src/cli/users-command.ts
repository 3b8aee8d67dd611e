import { InvalidArgumentError, type Command } from 'commander'
import { EXIT } from './usage-error.js'
import { runAction } from './run-action.js'
import { runBulk, type BulkFlags } from './users-bulk.js'
import { countUsers } from './users-count.js'
import { exportUsers, type ExportFlags } from './users-export.js'
import { registerLifecycleCommands } from './users-lifecycle-command.js'
import { listUsers, type ListFlags } from './users-list.js'
import { PASSWORD_NOTE, restoreUsers, type RestoreFlags } from './users-restore.js'
import type { SelectionFlags } from './users-selection.js'

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

const GENERAL_HELP = `
Tenant: DOMAIN, CLIENT_ID, CLIENT_SECRET, CONNECTION from the environment or ./.env.
Exit codes: 0 done; 1 something failed, was not attempted, or was refused (no --yes, --max);
2 bad flags (before any request); 130 interrupted by Ctrl-C.`

/**
 * `auth0plus users count|list|export|delete|update|restore` (and the account-lifecycle
 * commands of `users-lifecycle-command.ts`): user work from a shell.
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
      'User work: count, list, export, delete, update, restore; reset-password, verify-email, unblock, revoke-sessions, logs.',
    )
    .addHelpText('after', `${SELECTION_HELP}\n${GENERAL_HELP}`)
    // Misuse exits 2 (commander's default is 1, which must mean "something failed").
    .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage))

  withSelection(users.command('count').description('Print how many users match.')).action(
    (flags: SelectionFlags) => runAction(() => countUsers(flags)),
  )

  withOutput(withSelection(users.command('list').description('List matching users (search).')))
    .option('--limit <n>', 'at most this many users', count)
    .action((flags: ListFlags) => runAction(() => listUsers(flags)))

  withOutput(
    users
      .command('export')
      .description("Every user of the connection, through Auth0's export job."),
  )
    .option('--connection <name>', 'export this connection instead of CONNECTION')
    .option('--all-connections', 'export every connection')
    .addHelpText('after', GENERAL_HELP)
    .action((flags: ExportFlags) => runAction(() => exportUsers(flags)))

  withActing(withSelection(users.command('delete').description('Delete matching users.'))).action(
    (flags: BulkFlags) => runAction(() => runBulk('delete', flags)),
  )

  withActing(withSelection(users.command('update').description('Update matching users.')))
    .option(
      '--set <key=value>',
      'field to set, e.g. user_metadata.band=AC/DC or blocked=true (repeatable)',
      collect,
      [],
    )
    .option(
      '--set-json <json>',
      'fields to set as a JSON object, e.g. \'{"app_metadata":{"plan":"gold"}}\'',
    )
    .action((flags: BulkFlags) => runAction(() => runBulk('update', flags)))

  users
    .command('restore')
    .description('Re-create the users of a backup file (passwords cannot be restored).')
    .argument('<file>', 'a backup written by delete or update')
    .option('--random-password', 'give each user a strong random password, never shown (required)')
    .option('--connection <name>', "restore into this connection instead of each user's own")
    .option('--dry-run', 'check the file and show what would be restored')
    .addHelpText('after', `\n${PASSWORD_NOTE}\n${GENERAL_HELP}`)
    .action((file: string, flags: RestoreFlags) => runAction(() => restoreUsers(file, flags)))

  registerLifecycleCommands(users, { withSelection, count })
}

function withSelection(command: Command): Command {
  return command
    .addHelpText('after', `${SELECTION_HELP}\n${GENERAL_HELP}`)
    .option('--email <pattern>', 'e-mail, * as a wildcard (e.g. "*@test.example")')
    .option('--user-id <id>', 'one user id')
    .option(
      '--where <key=value>',
      'lookup, e.g. user_metadata.band=AC/DC (repeatable)',
      collect,
      [],
    )
    .option(
      '--exclude <key=value>',
      'leave out users matching this lookup (repeatable)',
      collect,
      [],
    )
    .option('--q <lucene>', 'raw lucene query, ANDed with the other flags')
    .option('--connection <name>', 'search this connection instead of CONNECTION')
    .option('--all-connections', 'search every connection')
}

function withOutput(command: Command): Command {
  return command
    .option('--json', 'JSON lines instead of a table')
    .option('--fields <a,b>', 'only these fields (dotted names allowed)')
}

function withActing(command: Command): Command {
  return command
    .option('--yes', 'act (without it: show the count and a sample, change nothing)')
    .option('--dry-run', 'never act, even with --yes')
    .option('--max <n>', 'refuse to act on more than n users', count)
    .option('--backup <file>', 'backup file (default: auth0plus-backup-<tenant>-<time>.jsonl here)')
    .option('--everyone', 'allow acting without any selection flag')
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
