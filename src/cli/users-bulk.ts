import { refuseUnknownConnection } from './connection-check.js'
import type { Auth0 } from '../index.js'
import { defaultBackupName, writeBackup } from './backup-writer.js'
import { formatSummary, incomplete, jsonSummary, statusOf, type JobStatus } from './bulk-summary.js'
import { interruptOnSigint } from './interrupt.js'
import { ProgressReporter } from './progress-reporter.js'
import { recordOf } from './record-fields.js'
import { EXIT } from './exit-codes.js'
import { UsageError } from './usage-error.js'
import { previewLines } from './users-preview.js'
import { selectionFrom, type SelectionFlags } from './users-selection.js'
import { updateFields } from './users-set-fields.js'
import { tenantFromEnv } from './users-tenant.js'

export interface BulkFlags extends SelectionFlags {
  yes?: boolean
  dryRun?: boolean
  max?: number
  backup?: string
  everyone?: boolean
  set?: string[]
  setJson?: string
  json?: boolean
}

type Users = ReturnType<Auth0['users']['query']>
type BulkOptions = NonNullable<Parameters<Users['delete']>[0]>
type BulkResult = Awaited<ReturnType<Users['delete']>>

const VERBS = { delete: 'deleted', update: 'updated' } as const

/** Thrown from `beforeAct` to stop the job before any user is touched. */
class Refusal extends Error {}

/** The report: stdout, or stderr when `--json` keeps stdout for the summary. */
let say = (line: string) => void process.stdout.write(`${line}\n`)
/** With `--json`, the one object a script reads on stdout. */
let summarise = (_summary: Record<string, unknown>) => {}

/**
 * `auth0plus users delete|update`: count and sample first; act only with `--yes`, never with
 * `--dry-run`, never on more than `--max`; back every matched user up (synced to disk) before
 * the first request; show progress; end with a summary. Exit 0 only when every user succeeded.
 */
export async function runBulk(action: 'delete' | 'update', flags: BulkFlags): Promise<number> {
  const verb = VERBS[action]
  if (flags.json) {
    say = (line) => void process.stderr.write(`${line}\n`)
    summarise = (summary) =>
      void process.stdout.write(`${JSON.stringify({ action, ...summary })}\n`)
  }
  const early = (status: JobStatus, total: number) =>
    summarise(jsonSummary({ verb, total, succeeded: 0, failed: [], notAttempted: [] }, status))
  const fields = action === 'update' ? updateFields(flags.set ?? [], flags.setJson) : undefined
  const auth0 = await tenantFromEnv()
  const selection = selectionFrom(flags, auth0.users.connection)
  if (!selection.filtered && !flags.everyone) {
    throw new UsageError(
      `${action} without --email, --user-id, --where or --q would ${action} every user of ` +
        `${selection.scope}; add --everyone if that is what you mean.`,
    )
  }
  const users = auth0.users.query(selection.where, selection.params)
  const total = await users.count()
  if (total === 0) await refuseUnknownConnection(auth0, selection.connection)
  for (const line of await previewLines(users, total, selection.scope)) say(line)
  if (total === 0) return (say(`Nothing to ${action}.`), early('nothing-matched', 0), EXIT.ok)
  if (fields !== undefined) say(`Change: ${JSON.stringify(fields)}`)

  if (flags.dryRun) {
    say(`Dry run: no user was ${verb} and no backup was written.`)
    return (early('dry-run', total), EXIT.ok)
  }
  if (flags.max !== undefined && total > flags.max) {
    say(`Refused: ${total} users match, more than --max ${flags.max}. No user was ${verb}.`)
    return (early('refused', total), EXIT.notDone)
  }
  if (!flags.yes) {
    say(
      `No user was ${verb}. Re-run with --yes to ${action} these ${total} users (backed up first).`,
    )
    return (early('preview', total), EXIT.notDone)
  }
  const backupPath = flags.backup ?? defaultBackupName(auth0.domain, new Date())
  return act(users, { action, verb, fields, max: flags.max, backupPath })
}

interface Job {
  action: 'delete' | 'update'
  verb: string
  fields: Record<string, unknown> | undefined
  max: number | undefined
  backupPath: string
}

async function act(users: Users, job: Job): Promise<number> {
  const reporter = new ProgressReporter({
    stream: process.stderr,
    tty: process.stderr.isTTY === true,
    verb: job.verb,
  })
  const interrupt = interruptOnSigint(() =>
    process.stderr.write(
      '\nInterrupted: finishing the requests in flight, starting no new ones (Ctrl-C again to quit now).\n',
    ),
  )
  let backup: string | undefined
  const options: BulkOptions = {
    onProgress: (progress) => reporter.update(progress),
    beforeAct: async (matched) => {
      // The search total can grow between the preview and the collection: check what is acted on.
      if (job.max !== undefined && matched.length > job.max) {
        throw new Refusal(`Refused: ${matched.length} users match now, more than --max ${job.max}.`)
      }
      backup = await writeBackup(job.backupPath, matched.map(recordOf))
      say(`Backed up ${matched.length} users to ${backup} (synced to disk).`)
    },
    signal: interrupt.signal,
  }
  say('Collecting the matching users…')
  let result: BulkResult
  try {
    result =
      job.fields === undefined
        ? await users.delete(options)
        : await users.update(job.fields, options)
  } catch (error) {
    reporter.finish()
    if (backup !== undefined) {
      say(
        `The job stopped after the backup was written; some users may have been ${job.verb}. Backup: ${backup}`,
      )
      throw error
    }
    if (error instanceof Refusal) {
      say(`${error.message} No user was ${job.verb}.`)
      const outcome = { verb: job.verb, total: 0, succeeded: 0, failed: [], notAttempted: [] }
      return (summarise(jsonSummary(outcome, 'refused')), EXIT.notDone)
    }
    if (interrupt.signal.aborted)
      return (say(`Interrupted before any user was ${job.verb}.`), EXIT.interrupted)
    say(`No user was ${job.verb}.`)
    throw error
  } finally {
    interrupt.release()
  }
  reporter.finish()
  const outcome = {
    verb: job.verb,
    total: result.total,
    succeeded: result.count,
    failed: result.failed,
    notAttempted: result.notAttempted,
    interrupted: interrupt.signal.aborted,
    ...(backup === undefined ? {} : { backup }),
  }
  for (const line of formatSummary(outcome)) say(line)
  summarise(jsonSummary(outcome, statusOf(outcome)))
  if (outcome.interrupted) return EXIT.interrupted
  return incomplete(outcome) ? EXIT.failed : EXIT.ok
}
