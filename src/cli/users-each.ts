import { InvalidArgument, type User, type UserQuerySet } from '../index.js'
import { formatSummary, incomplete } from './bulk-summary.js'
import { interruptOnSigint } from './interrupt.js'
import { EXIT } from './exit-codes.js'
import { UsageError } from './usage-error.js'
import { previewLines } from './users-preview.js'
import { selectionFrom, type Selection, type SelectionFlags } from './users-selection.js'
import { tenantFromEnv } from './users-tenant.js'

/** The flags of a command that acts on each selected user. */
export interface EachFlags extends SelectionFlags {
  yes?: boolean
  dryRun?: boolean
  max?: number
  everyone?: boolean
}

/** One per-user action: what it is called, and what it does to one user. */
export interface EachAction {
  /** The command, for messages: `reset-password`. */
  command: string
  /** Past participle for the summary: `ticketed`, `unblocked`. */
  verb: string
  /** What `--yes` will do, after "Re-run with --yes to": `create password-change tickets for`. */
  does: string
  /** Narrows the selection (e.g. only unverified e-mails); the flags' selection otherwise. */
  narrow?(selection: Selection): Selection
  /** Acts on one user; a returned line is printed after the user's id (a ticket URL). */
  act(user: User): Promise<string | undefined>
}

const say = (line: string) => process.stdout.write(`${line}\n`)

/**
 * `auth0plus users reset-password|verify-email|unblock|revoke-sessions`: the conventions of
 * `delete` and `update` for actions that change no attribute: count and sample first; act only
 * with `--yes`, never with `--dry-run`, never on more than `--max`, never on every user without
 * `--everyone`; one line per user (`user_id  result`), then a summary. Exit 0 only when every
 * user succeeded; Ctrl-C stops before the next user.
 */
export async function runEach(action: EachAction, flags: EachFlags): Promise<number> {
  const auth0 = await tenantFromEnv()
  let selection = selectionFrom(flags, auth0.users.connection)
  if (!selection.filtered && !flags.everyone) {
    throw new UsageError(
      `${action.command} without --email, --user-id, --where or --q would act on every user of ` +
        `${selection.scope}; add --everyone if that is what you mean.`,
    )
  }
  if (action.narrow) selection = action.narrow(selection)
  const users = auth0.users.query(selection.where, selection.params)
  const total = await users.count()
  for (const line of await previewLines(users, total, selection.scope)) say(line)
  if (total === 0) return (say('Nothing to do.'), EXIT.ok)
  if (flags.dryRun) return (say(`Dry run: no user was ${action.verb}.`), EXIT.ok)
  if (flags.max !== undefined && total > flags.max) {
    say(`Refused: ${total} users match, more than --max ${flags.max}. No user was ${action.verb}.`)
    return EXIT.notDone
  }
  if (!flags.yes) {
    say(`No user was ${action.verb}. Re-run with --yes to ${action.does} these ${total} users.`)
    return EXIT.notDone
  }
  return actOnEach(users, action, total)
}

async function actOnEach(users: UserQuerySet<User>, action: EachAction, total: number) {
  const interrupt = interruptOnSigint(() =>
    process.stderr.write('\nInterrupted: finishing this user, starting no other.\n'),
  )
  const failed: { user_id: string; error: unknown }[] = []
  let succeeded = 0
  try {
    for await (const user of users) {
      if (interrupt.signal.aborted) break
      const id = user.user_id ?? '?'
      try {
        const line = await action.act(user)
        succeeded++
        say(line === undefined ? `${id}  ${action.verb}` : `${id}  ${line}`)
      } catch (error) {
        // A refused option fails every user alike, before its request: stop as misuse (exit 2).
        if (error instanceof InvalidArgument && succeeded + failed.length === 0) throw error
        failed.push({ user_id: id, error })
      }
    }
  } finally {
    interrupt.release()
  }
  const outcome = {
    verb: action.verb,
    total,
    succeeded,
    failed,
    notAttempted: [],
    interrupted: interrupt.signal.aborted,
  }
  for (const line of formatSummary(outcome)) say(line)
  if (outcome.interrupted) return EXIT.interrupted
  return incomplete(outcome) ? EXIT.failed : EXIT.ok
}
