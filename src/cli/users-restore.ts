import { setTimeout as sleep } from 'node:timers/promises'
import { Auth0Error, NetworkError, RateLimitError, type Auth0 } from '../index.js'
import { readBackup } from './backup-reader.js'
import {
  formatSummary,
  incomplete,
  jsonSummary,
  statusOf,
  type JobOutcome,
} from './bulk-summary.js'
import { interruptOnSigint } from './interrupt.js'
import { ProgressReporter } from './progress-reporter.js'
import { randomPassword } from './random-password.js'
import {
  IMPORT_THRESHOLD,
  importRecordOf,
  restoreByImport,
  type ImportPlan,
} from './restore-import.js'
import { restorePlan, type RestorePlan } from './restore-plan.js'
import { EXIT } from './exit-codes.js'
import { UsageError } from './usage-error.js'
import { tenantFromEnv } from './users-tenant.js'

export interface RestoreFlags {
  randomPassword?: boolean
  dryRun?: boolean
  connection?: string
  json?: boolean
}

/** Users created side by side; the library's HTTP layer paces them to the rate limit. */
const WORKERS = 8
/** A create refused (429) or lost (5xx, reset, timeout) after the HTTP layer's retries is tried again. */
const ATTEMPTS = 5
const PAUSE_MS = 500

export const PASSWORD_NOTE =
  'Passwords cannot be restored: Auth0 never returns them (nor their hashes), so a backup holds none. ' +
  'With --random-password each restored user gets a strong random password that is never printed ' +
  'or stored; users sign in again through "Forgot password". ' +
  `From ${IMPORT_THRESHOLD} database users of a connection on, they are restored through Auth0's ` +
  'import jobs (hundreds of users per request instead of one) and get no password at all, with the ' +
  'same outcome; users without an e-mail or with an id outside auth0| go one POST /users each.'

/** The report: stdout, or stderr when `--json` keeps stdout for the summary. */
let say = (line: string) => void process.stdout.write(`${line}\n`)
/** With `--json`, the one object a script reads on stdout. */
let summarise = (_summary: Record<string, unknown>) => {}

/**
 * `auth0plus users restore FILE --random-password`: re-creates the users of a backup (same
 * user_id, profile, metadata and verification flags). Users that exist already are skipped,
 * not failures. The file is read streaming: once to check every line before any request, then
 * once per connection restored through import jobs (when it has {@link IMPORT_THRESHOLD}
 * importable users or more), then once for the users that go one POST /users each (the rest,
 * and those of an import job that failed or could not be created: a 409 there means the job
 * created them after all).
 */
export async function restoreUsers(file: string, flags: RestoreFlags): Promise<number> {
  if (!flags.randomPassword) throw new UsageError(`${PASSWORD_NOTE} Re-run with --random-password.`)
  if (flags.connection !== undefined && flags.connection.trim() === '') {
    throw new UsageError('--connection needs a value.')
  }
  if (flags.json) {
    say = (line) => void process.stderr.write(`${line}\n`)
    summarise = (summary) =>
      void process.stdout.write(`${JSON.stringify({ action: 'restore', ...summary })}\n`)
  }
  const auth0 = await tenantFromEnv()
  const fallback = auth0.users.connection
  let total = 0
  const importable = new Map<string, number>()
  for await (const { line, user } of readBackup(file)) {
    const plan = restorePlan(user, flags.connection, fallback)
    if (plan === undefined) {
      throw new UsageError(`${file}:${line} has no user_id: is this an auth0plus backup?`)
    }
    if (plan.kind === 'create' && importRecordOf(plan) !== undefined) {
      importable.set(plan.connection, (importable.get(plan.connection) ?? 0) + 1)
    }
    total++
  }
  const viaImport = [...importable].filter(([, n]) => n >= IMPORT_THRESHOLD).map(([c]) => c)
  say(`${total} user${total === 1 ? '' : 's'} in ${file}.`)
  say(PASSWORD_NOTE)
  if (flags.dryRun) {
    say('Dry run: no user was restored.')
    const outcome = { verb: 'restored', total, succeeded: 0, failed: [], notAttempted: [] }
    return (summarise(jsonSummary(outcome, 'dry-run')), EXIT.ok)
  }
  return restore(auth0, file, total, flags.connection, viaImport)
}

async function restore(
  auth0: Auth0,
  file: string,
  total: number,
  connection: string | undefined,
  viaImport: readonly string[],
) {
  let succeeded = 0
  const failed: { user_id: string; error: unknown }[] = []
  const skipped: { user_id: string; reason: string }[] = []
  const notAttempted: string[] = []
  const reporter = new ProgressReporter({
    stream: process.stderr,
    tty: process.stderr.isTTY === true,
    verb: 'restored',
  })
  const interrupt = interruptOnSigint(() =>
    process.stderr.write(
      '\nInterrupted: finishing the requests in flight, starting no new ones.\n',
    ),
  )
  const started = Date.now()
  // Users an import job is acting on, counted in the bar from its progress reports.
  let importing = { succeeded: 0, failed: 0 }
  const report = () => {
    const done = succeeded + importing.succeeded + importing.failed + failed.length + skipped.length
    const elapsedMs = Date.now() - started
    const perSecond = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0
    reporter.update({
      total,
      done,
      succeeded: succeeded + importing.succeeded,
      failed: failed.length + importing.failed,
      elapsedMs,
      perSecond,
    })
  }
  const restoreOne = async (plan: RestorePlan) => {
    if (plan.kind === 'skip') skipped.push({ user_id: plan.user_id, reason: plan.reason })
    else {
      for (let attempt = 1; ; attempt++) {
        try {
          const password = randomPassword()
          await auth0.users.create({ ...plan.fields, connection: plan.connection, password })
          succeeded++
        } catch (error) {
          if (passing(error) && attempt < ATTEMPTS) {
            await sleep(PAUSE_MS * 2 ** (attempt - 1))
            continue
          }
          if (error instanceof Auth0Error && error.statusCode === 409) {
            // After a lost answer, the earlier attempt may be the one that created it.
            const reason =
              attempt > 1 ? 'exists (an earlier attempt may have created it)' : 'already exists'
            skipped.push({ user_id: plan.user_id, reason })
          } else failed.push({ user_id: plan.user_id, error })
        }
        break
      }
    }
    report()
  }

  const fallback = auth0.users.connection
  // Per connection restored by import: users read by its job run, and those to POST after all.
  const imported = new Map<string, number>()
  const retry = new Set<string>()
  try {
    for (const target of viaImport) {
      if (interrupt.signal.aborted) break
      const importPlans = async function* (): AsyncGenerator<ImportPlan> {
        for await (const plan of plansOf(file, connection, fallback)) {
          const record = plan.kind === 'create' ? importRecordOf(plan) : undefined
          if (plan.kind === 'create' && plan.connection === target && record !== undefined) {
            yield { ...plan, record }
          }
        }
      }
      const outcome = await restoreByImport(auth0, importPlans(), target, {
        signal: interrupt.signal,
        onProgress: (progress) => {
          importing = { succeeded: progress.succeeded, failed: progress.failed }
          report()
        },
      })
      importing = { succeeded: 0, failed: 0 }
      if (outcome.unavailable !== undefined) {
        say(`No import job for ${target} (${outcome.unavailable}): one POST /users per user.`)
      }
      succeeded += outcome.succeeded
      failed.push(...outcome.failed)
      skipped.push(...outcome.skipped)
      notAttempted.push(...outcome.notAttempted)
      for (const id of outcome.retry) retry.add(id)
      imported.set(target, outcome.read)
      report()
    }
  } catch (error) {
    interrupt.release()
    reporter.finish()
    throw error
  }
  // Users an import ran for are done, except those to POST after all; after an interrupt the
  // ones its run never read come through here too, to be listed as not attempted.
  const seen = new Map<string, number>()
  const byPost = (plan: RestorePlan): boolean => {
    if (plan.kind !== 'create' || !imported.has(plan.connection)) return true
    if (importRecordOf(plan) === undefined) return true
    const place = seen.get(plan.connection) ?? 0
    seen.set(plan.connection, place + 1)
    return place >= imported.get(plan.connection)! || retry.has(plan.user_id)
  }
  const plans = plansOf(file, connection, fallback, byPost)
  try {
    const worker = async () => {
      while (!interrupt.signal.aborted) {
        const next = await plans.next()
        if (next.done) return
        await restoreOne(next.value)
      }
    }
    await Promise.all(Array.from({ length: WORKERS }, worker))
    // After Ctrl-C, the rest of the file names the users never sent.
    for await (const plan of plans) notAttempted.push(plan.user_id)
  } finally {
    interrupt.release()
    reporter.finish()
  }
  const outcome: JobOutcome = {
    verb: 'restored',
    total,
    succeeded,
    failed,
    skipped,
    notAttempted,
    interrupted: interrupt.signal.aborted,
  }
  for (const line of formatSummary(outcome)) say(line)
  summarise(jsonSummary(outcome, statusOf(outcome)))
  if (outcome.interrupted) return EXIT.interrupted
  return incomplete(outcome) ? EXIT.failed : EXIT.ok
}

/** Refused (429) or lost (5xx, network, timeout): sending the create again is safe, a 409 tells. */
function passing(error: unknown): boolean {
  if (error instanceof RateLimitError || error instanceof NetworkError) return true
  return error instanceof Auth0Error && error.statusCode >= 500
}

async function* plansOf(
  file: string,
  connection: string | undefined,
  fallback: string | undefined,
  keep: (plan: RestorePlan) => boolean = () => true,
) {
  for await (const { user } of readBackup(file)) {
    // Checked on the first pass; a file changed since then fails here instead.
    const plan = restorePlan(user, connection, fallback)
    if (plan === undefined) throw new UsageError(`${file} changed while it was being restored.`)
    if (keep(plan)) yield plan
  }
}
