import type { Command } from 'commander'
import { runAction } from './run-action.js'
import type { EachFlags } from './users-each.js'
import {
  resetPassword,
  revokeSessions,
  unblock,
  userLogs,
  verifyEmail,
  type LogsFlags,
  type ResetPasswordFlags,
  type UnblockFlags,
  type VerifyEmailFlags,
} from './users-lifecycle.js'

/** What `users-command.ts` lends: its selection flags and its integer parser. */
export interface CommandKit {
  withSelection(command: Command): Command
  count(value: string): number
}

const TICKET_NOTE = `
A ticket is a one-time link that lets its holder set the user's password (or verify the
e-mail): send it to that user only, over a channel you trust.`

/**
 * The account-lifecycle subcommands of `auth0plus users`: reset-password, verify-email,
 * unblock, revoke-sessions (each acting on a selection, with --yes) and logs <id>.
 *
 * @example
 * // $ auth0plus users reset-password --email angus@acdc.com --ttl 3600 --yes
 * // auth0|64f1…  https://tenant.eu.auth0.com/u/reset-password?ticket=…#
 * // $ auth0plus users logs 'auth0|64f1…' --limit 20
 */
export function registerLifecycleCommands(users: Command, kit: CommandKit): void {
  const acting = (command: Command) =>
    kit
      .withSelection(command)
      .option('--yes', 'act (without it: show the count and a sample, change nothing)')
      .option('--dry-run', 'never act, even with --yes')
      .option('--max <n>', 'refuse to act on more than n users', kit.count)
      .option('--everyone', 'allow acting without any selection flag')

  acting(
    users
      .command('reset-password')
      .description(
        'Print a password-change ticket for each user, or have Auth0 e-mail them (--mail).',
      ),
  )
    .option('--mail', 'have Auth0 e-mail its change-password link instead of printing tickets')
    .option('--result-url <url>', 'where the ticket page sends the user afterwards')
    .option('--ttl <seconds>', 'how long a ticket stays valid (Auth0 default: 5 days)', kit.count)
    .option('--mark-email-verified', 'also mark the e-mail verified when the password is set')
    .addHelpText('after', TICKET_NOTE)
    .action((flags: ResetPasswordFlags) => runAction(() => resetPassword(flags)))

  acting(
    users
      .command('verify-email')
      .description('Have Auth0 send its verification e-mail to each user not verified yet.'),
  )
    .option('--ticket', 'print an e-mail verification ticket instead of sending the e-mail')
    .option('--result-url <url>', 'with --ticket: where the page sends the user afterwards')
    .option('--ttl <seconds>', 'with --ticket: how long it stays valid', kit.count)
    .option('--include-verified', 'also users whose e-mail is already verified')
    .addHelpText('after', TICKET_NOTE)
    .action((flags: VerifyEmailFlags) => runAction(() => verifyEmail(flags)))

  acting(
    users
      .command('unblock')
      .description('Lift brute-force blocks: of each selected user, or of one --identifier.'),
  )
    .option('--identifier <email|username|phone>', 'unblock this identifier (no user needed)')
    .action((flags: UnblockFlags) => runAction(() => unblock(flags)))

  acting(
    users
      .command('revoke-sessions')
      .description('End every session and revoke every refresh token of each user.'),
  ).action((flags: EachFlags) => runAction(() => revokeSessions(flags)))

  users
    .command('logs')
    .description("Print a user's log events, newest first.")
    .argument('<id>', 'the user id')
    .option('--json', 'JSON lines instead of a table')
    .option('--limit <n>', 'at most this many events (default 100, at most 1000)', kit.count)
    .action((id: string, flags: LogsFlags) => runAction(() => userLogs(id, flags)))
}
