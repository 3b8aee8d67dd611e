import { Q, type PasswordChangeTicketOptions, type User } from '../index.js'
import { LineSink } from './line-sink.js'
import { TableWriter } from './table-writer.js'
import { EXIT } from './exit-codes.js'
import { UsageError } from './usage-error.js'
import { runEach, type EachAction, type EachFlags } from './users-each.js'
import { tenantFromEnv } from './users-tenant.js'

export interface ResetPasswordFlags extends EachFlags {
  mail?: boolean
  resultUrl?: string
  ttl?: number
  markEmailVerified?: boolean
}

export interface VerifyEmailFlags extends EachFlags {
  ticket?: boolean
  resultUrl?: string
  ttl?: number
  includeVerified?: boolean
}

export interface UnblockFlags extends EachFlags {
  identifier?: string
}

export interface LogsFlags {
  json?: boolean
  limit?: number
}

/** Log event columns of `users logs`. */
const LOG_COLUMNS = ['date', 'type', 'description', 'ip', 'client_name', 'connection']

/**
 * `users reset-password`: a password-change ticket per user, printed (`user_id  url`) for you
 * to send; with `--mail`, Auth0 e-mails each user its change-password link instead.
 */
export function resetPassword(flags: ResetPasswordFlags): Promise<number> {
  if (
    flags.mail &&
    (flags.resultUrl !== undefined || flags.ttl !== undefined || flags.markEmailVerified)
  ) {
    throw new UsageError(
      '--result-url, --ttl and --mark-email-verified shape a ticket; --mail sends none.',
    )
  }
  const options: PasswordChangeTicketOptions = {
    resultUrl: flags.resultUrl,
    ttlSec: flags.ttl,
    markEmailAsVerified: flags.markEmailVerified || undefined,
  }
  const action: EachAction = flags.mail
    ? {
        command: 'reset-password',
        verb: 'mailed',
        does: "e-mail Auth0's change-password link to",
        act: async (user) => (
          await user.sendPasswordChangeEmail(),
          `mailed to ${user.email ?? '?'}`
        ),
      }
    : {
        command: 'reset-password',
        verb: 'ticketed',
        does: 'print a password-change ticket for each of',
        act: (user) => user.passwordChangeTicket(options),
      }
  return runEach(action, flags)
}

/**
 * `users verify-email`: Auth0's verification e-mail (a job) per user whose e-mail is not
 * verified yet; with `--ticket`, a verification ticket is printed instead.
 */
export function verifyEmail(flags: VerifyEmailFlags): Promise<number> {
  if (!flags.ticket && (flags.resultUrl !== undefined || flags.ttl !== undefined)) {
    throw new UsageError('--result-url and --ttl shape a ticket: add --ticket.')
  }
  const narrow: EachAction['narrow'] = flags.includeVerified
    ? undefined
    : (selection) => ({ ...selection, where: selection.where.and(Q({ email_verified: false })) })
  const action: EachAction = flags.ticket
    ? {
        command: 'verify-email',
        verb: 'ticketed',
        does: 'print an e-mail verification ticket for each of',
        narrow,
        act: (user) =>
          user.emailVerificationTicket({ resultUrl: flags.resultUrl, ttlSec: flags.ttl }),
      }
    : {
        command: 'verify-email',
        verb: 'mailed',
        does: 'have Auth0 send the verification e-mail to',
        narrow,
        act: async (user) => {
          const job = await user.sendVerificationEmail()
          return `${job.id} ${job.status}`
        },
      }
  return runEach(action, flags)
}

/** `users unblock`: lifts brute-force blocks, of each selected user or of one `--identifier`. */
export async function unblock(flags: UnblockFlags): Promise<number> {
  if (flags.identifier !== undefined) {
    const selecting =
      flags.email ?? flags.userId ?? flags.q ?? flags.where?.[0] ?? flags.exclude?.[0]
    if (selecting !== undefined || flags.everyone) {
      throw new UsageError(
        '--identifier unblocks one e-mail, username or phone: select no users with it.',
      )
    }
    const auth0 = await tenantFromEnv()
    const blocks = flags.identifier.trim()
    if (!flags.yes || flags.dryRun) {
      process.stdout.write(`No block was lifted. Re-run with --yes to unblock ${blocks}.\n`)
      return flags.dryRun ? EXIT.ok : EXIT.notDone
    }
    await auth0.users.unblockIdentifier(flags.identifier)
    process.stdout.write(`Unblocked ${blocks}.\n`)
    return EXIT.ok
  }
  return runEach(
    {
      command: 'unblock',
      verb: 'unblocked',
      does: 'lift the brute-force blocks of',
      act: async (user) => {
        const blocks = await user.blocks()
        await user.unblock()
        return `unblocked (${blocks.length} block${blocks.length === 1 ? '' : 's'})`
      },
    },
    flags,
  )
}

/** `users revoke-sessions`: ends every session and revokes every refresh token of each user. */
export function revokeSessions(flags: EachFlags): Promise<number> {
  return runEach(
    {
      command: 'revoke-sessions',
      verb: 'revoked',
      does: 'end the sessions and revoke the refresh tokens of',
      act: async (user: User) => {
        await user.revokeSessions()
        await user.revokeRefreshTokens()
        return 'sessions and refresh tokens revoked'
      },
    },
    flags,
  )
}

/** `users logs <id>`: the user's log events, newest first, as a table or JSON lines. */
export async function userLogs(id: string, flags: LogsFlags): Promise<number> {
  if (id.trim() === '') throw new UsageError('users logs needs a user id.')
  const auth0 = await tenantFromEnv()
  const user = await auth0.users.get(id)
  const events = user.logs.slice(0, flags.limit ?? 100)
  const sink = new LineSink(process.stdout)
  const table = flags.json ? undefined : new TableWriter(sink, LOG_COLUMNS)
  let count = 0
  for await (const event of events) {
    if (table) await table.add(event)
    else await sink.write(JSON.stringify(event))
    count++
    if (sink.closed) break
  }
  await table?.end()
  if (table) process.stderr.write(`${count} log event${count === 1 ? '' : 's'}\n`)
  return EXIT.ok
}
