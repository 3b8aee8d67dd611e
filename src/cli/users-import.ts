import {
  checkImportUser,
  type Auth0,
  type ImportOptions,
  type ImportResult,
  type ImportUser,
} from '../index.js'
import { readBackup } from './backup-reader.js'
import { EXIT } from './exit-codes.js'
import { importLine } from './import-line.js'
import { interruptOnSigint } from './interrupt.js'
import { ProgressReporter } from './progress-reporter.js'
import { UsageError } from './usage-error.js'
import { tenantFromEnv } from './users-tenant.js'

export interface ImportFlags {
  connection?: string
  upsert?: boolean
  externalId?: string
  sendCompletionEmail?: boolean
  dryRun?: boolean
  json?: boolean
}

export const IMPORT_FILE_NOTE = `FILE holds one user per line (JSON lines), in Auth0's import schema
(email required; user_id without "auth0|"; password_hash or custom_password_hash), or as an
auth0plus backup or export writes them: the keys Auth0 sets (created_at, identities, …) are
dropped, the "auth0|" prefix is cut, and users of social or enterprise identities are skipped.
A JSON array converts with: jq -c '.[]' users.json > users.jsonl`

/** One line left out on purpose, and why. */
interface Skipped {
  line: number
  reason: string
}

/**
 * `auth0plus users import FILE`: creates (or with `--upsert` updates) the users of a JSON-lines
 * file through Auth0's import jobs (files of ≤ 500 KB, two jobs at a time). The file is read
 * twice, streaming: once to check every line before any request (a bad line is a usage error
 * naming `file:line`, nothing is sent), once to import.
 */
export async function importUsers(file: string, flags: ImportFlags): Promise<number> {
  for (const [flag, value] of [
    ['--connection', flags.connection],
    ['--external-id', flags.externalId],
  ] as const) {
    if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} needs a value.`)
  }
  const out = reportStreams(flags.json === true)
  const auth0 = await tenantFromEnv()
  const connection = flags.connection ?? auth0.users.connection
  if (connection === undefined) {
    throw new UsageError('Which connection? Set CONNECTION or pass --connection.')
  }
  const skipped: Skipped[] = []
  let total = 0
  for await (const { line, user } of readBackup(file)) {
    const plan = importLine(user)
    if (plan.kind === 'skip') skipped.push({ line, reason: plan.reason })
    else {
      try {
        checkImportUser(plan.user, `${file}:${line}`)
      } catch (error) {
        throw new UsageError(`${(error as Error).message} Nothing was imported.`)
      }
      total++
    }
  }
  out.say(`${total} user${total === 1 ? '' : 's'} to import into ${connection} from ${file}.`)
  if (flags.dryRun) {
    out.say('Dry run: no user was imported.')
    out.summarise({ status: 'dry-run', read: total, skipped })
    return EXIT.ok
  }
  return runImport(auth0, file, total, skipped, { ...flags, connection }, out)
}

async function runImport(
  auth0: Auth0,
  file: string,
  total: number,
  skipped: Skipped[],
  flags: ImportFlags & { connection: string },
  out: ReturnType<typeof reportStreams>,
): Promise<number> {
  // The line of each imported user, by its place in the import (for the failures' report).
  const lines: number[] = []
  async function* users() {
    for await (const { line, user } of readBackup(file)) {
      const plan = importLine(user)
      if (plan.kind === 'skip') continue
      lines.push(line)
      yield plan.user
    }
  }
  const reporter = new ProgressReporter({
    stream: process.stderr,
    tty: process.stderr.isTTY === true,
    verb: 'imported',
  })
  const interrupt = interruptOnSigint(() =>
    process.stderr.write('\nInterrupted: finishing the jobs already sent, sending no more.\n'),
  )
  const options: ImportOptions = {
    connection: flags.connection,
    upsert: flags.upsert === true,
    sendCompletionEmail: flags.sendCompletionEmail === true,
    ...(flags.externalId === undefined ? {} : { externalId: flags.externalId }),
    // The file was counted on the first pass: the bar shows that total from the start.
    onProgress: (progress) => reporter.update({ ...progress, total }),
    signal: interrupt.signal,
  }
  let result: ImportResult
  try {
    result = await auth0.users.import(users() as AsyncIterable<ImportUser>, options)
  } finally {
    interrupt.release()
    reporter.finish()
  }
  const interrupted = interrupt.signal.aborted
  for (const text of importSummary(result, skipped, lines, interrupted)) out.say(text)
  out.summarise(importJson(result, skipped, lines, interrupted))
  if (interrupted) return EXIT.interrupted
  return result.failed.length + result.notAttempted.length > 0 ? EXIT.failed : EXIT.ok
}

/**
 * The closing report of an import: counts, every failed user with its line and Auth0's code,
 * and the jobs. Never a password hash: the library's result holds none.
 *
 * @example
 * // read:           3
 * // inserted:       2
 * // updated:        0
 * // skipped:        0
 * // failed:         1
 * //   line 2  b@x.io  DUPLICATED_USER  The user already exist and upsert parameter is false
 * // not attempted:  0
 * // jobs:           job_6nNLiwFZksN0YmRR completed (lines 1–3)
 */
export function importSummary(
  result: ImportResult,
  skipped: readonly Skipped[],
  lines: readonly number[],
  interrupted: boolean,
): string[] {
  const lineOf = (index: number) => lines[index] ?? '?'
  const text = [
    ...(interrupted ? ['Interrupted (Ctrl-C): no new jobs were sent.'] : []),
    `read:           ${result.total}`,
    `inserted:       ${result.inserted}`,
    `updated:        ${result.updated}`,
    `skipped:        ${skipped.length}`,
    ...skipped.slice(0, 50).map((s) => `  line ${s.line}  ${s.reason}`),
    `failed:         ${result.failed.length}`,
    ...result.failed.flatMap((f) =>
      f.errors.map(
        (e) => `  line ${lineOf(f.index)}  ${f.email ?? f.user_id ?? '?'}  ${e.code}  ${e.message}`,
      ),
    ),
    `not attempted:  ${result.notAttempted.length}`,
    ...result.notAttempted.slice(0, 50).map((u) => `  line ${lineOf(u.index)}  ${u.email ?? '?'}`),
  ]
  const jobs = result.jobs.map(
    (job) =>
      `${job.id ?? '(not created)'} ${job.status} (lines ${lineOf(job.first)}–${lineOf(job.last)})`,
  )
  text.push(`jobs:           ${jobs.join('\n                ') || 'none'}`)
  return text
}

function importJson(
  result: ImportResult,
  skipped: readonly Skipped[],
  lines: readonly number[],
  interrupted: boolean,
): Record<string, unknown> {
  const withLine = <T extends { index: number }>(item: T) => ({ line: lines[item.index], ...item })
  const incomplete = result.failed.length + result.notAttempted.length > 0
  return {
    status: interrupted ? 'interrupted' : incomplete ? 'incomplete' : 'done',
    read: result.total,
    inserted: result.inserted,
    updated: result.updated,
    skipped,
    failed: result.failed.map(withLine),
    notAttempted: result.notAttempted.map(withLine),
    jobs: result.jobs,
  }
}

/** The report on stdout, or on stderr when `--json` keeps stdout for the one summary object. */
function reportStreams(json: boolean) {
  const say = (line: string) => void (json ? process.stderr : process.stdout).write(`${line}\n`)
  const summarise = (summary: Record<string, unknown>) => {
    if (json) process.stdout.write(`${JSON.stringify({ action: 'import', ...summary })}\n`)
  }
  return { say, summarise }
}
