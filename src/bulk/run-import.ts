import type { JobsApi } from '../api/jobs-api.js'
import {
  IMPORT_FILE_LIMIT,
  type ImportErrorEntry,
  type UsersImportsApi,
} from '../api/users-imports-api.js'
import { Auth0Error, NetworkError, RateLimitError } from '../errors.js'
import { importChunks, type ImportChunk } from './import-chunks.js'
import { importErrors } from './import-errors.js'
import { ImportProgressClock } from './import-progress.js'
import type { ImportFailure, ImportOptions, ImportResult, ImportUserRef } from './import-types.js'

/** One import run: where the jobs go and what they carry beside each file. */
export interface ImportRun {
  imports: UsersImportsApi
  jobs: JobsApi
  connectionId: string
  options: ImportOptions
  /** Bytes per file; Auth0's 512 000 unless a test wants small files. */
  limit?: number
  timing?: { now?: () => number; sleep?: (ms: number) => Promise<void> }
}

/** Polls start at this and grow 1.5× per poll up to the cap: small files finish in a second. */
const FIRST_POLL_MS = 500
const MAX_POLL_MS = 10_000
/** The margin after the end a running job announces (`time_left_seconds`). */
const MIN_POLL_MS = 100
/** A 429 that outlived the HTTP layer's retries means the tenant's 2 import jobs are running. */
const FIRST_SLOT_WAIT_MS = 1_000
const MAX_SLOT_WAIT_MS = 30_000

/** Auth0 fails an import job still running 2 h after its creation; past that (and a margin), stop polling. */
const JOB_DEADLINE_MS = 2 * 3600_000 + 5 * 60_000
/** Reads of a job's error report before its failures are reported as unread. */
const ERRORS_ATTEMPTS = 5

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Imports `users` through Auth0's import jobs: files of ≤ 512 000 bytes ({@link importChunks}),
 * at most `concurrency` (≤ 2) jobs in flight, each polled with backoff until finished, and its
 * error report read when its summary counts failures. A 429 on upload (the tenant's two import
 * slots taken, perhaps by another process) is waited out, not failed. Never rejects for a
 * user's or a job's failure; rejects only if the input itself throws.
 *
 * @example
 * await runImport(users, { imports, jobs, connectionId: 'con_1', options: {} })
 * // POST /jobs/users-imports (users.json, ≤ 512 000 bytes) ×n, 2 at a time
 * // GET /jobs/job_… until completed; GET /jobs/job_…/errors when summary.failed > 0
 */
export async function runImport(
  users: Iterable<unknown> | AsyncIterable<unknown>,
  run: ImportRun,
): Promise<ImportResult> {
  const { options } = run
  const sleep = run.timing?.sleep ?? defaultSleep
  const result: ImportResult = {
    total: 0,
    count: 0,
    inserted: 0,
    updated: 0,
    failed: [],
    notAttempted: [],
    jobs: [],
  }
  let read = 0
  let halted = options.signal?.aborted ?? false
  const clock = new ImportProgressClock(options.onProgress, run.timing?.now, () => ({
    read,
    result,
  }))
  const held: ImportUserRef[] = []
  const refuse = (user: ImportUserRef, error: Error) => {
    result.failed.push({ ...user, errors: [{ code: 'INVALID_RECORD', message: error.message }] })
    clock.report()
  }
  const chunks = importChunks(counted(users), run.limit ?? IMPORT_FILE_LIMIT, refuse, held)
  async function* counted(input: Iterable<unknown> | AsyncIterable<unknown>) {
    for await (const user of input as AsyncIterable<unknown>) {
      read++
      yield user
    }
  }

  const runJob = async (chunk: ImportChunk): Promise<void> => {
    const first = chunk.users[0]!.index
    const last = chunk.users.at(-1)!.index
    const report = { first, last, users: chunk.users.length, bytes: chunk.file.length }
    let id: string
    try {
      id = await createJob(run, chunk.file, sleep, () => halted)
      firstCreated.resolve()
    } catch (error) {
      firstCreated.resolve()
      if (error === HALTED) {
        result.notAttempted.push(...chunk.users)
        return
      }
      // A refusal that the next file would meet too (credentials, connection): send no more.
      if (error instanceof Auth0Error && error.statusCode < 500) halted = true
      result.jobs.push({ status: 'not-created', ...report })
      failAll(result.failed, chunk.users, undefined, 'JOB_NOT_CREATED', messageOf(error))
      return
    }
    const job = await pollJob(run.jobs, id, sleep, run.timing?.now ?? Date.now)
    if (job.status !== 'completed') {
      result.jobs.push({ id, status: 'failed', ...report })
      failAll(result.failed, chunk.users, id, 'JOB_FAILED', job.details)
      return
    }
    const summary = job.summary
    result.jobs.push({ id, status: 'completed', ...report, summary })
    result.inserted += summary.inserted
    result.updated += summary.updated
    result.count = result.inserted + result.updated
    if (summary.failed > 0) {
      const entries = await readErrors(run.imports, id, sleep)
      if (Array.isArray(entries)) result.failed.push(...importErrors(entries, chunk.users, id))
      else {
        // Who failed is Auth0's to say; without its report, say how many and where.
        const where = `${summary.failed} of users[${first}]–users[${last}] failed`
        const message = `${where}; the job's error report could not be read: ${messageOf(entries)}`
        result.failed.push({ index: -1, jobId: id, errors: [{ code: 'ERRORS_UNREAD', message }] })
      }
    }
  }

  const firstCreated = settled()
  const stop = () => (halted = true)
  options.signal?.addEventListener('abort', stop, { once: true })
  const inFlight = new Set<Promise<void>>()
  const concurrency = options.concurrency ?? 2
  clock.start()
  try {
    for (;;) {
      // A slot first, then the next file: only the files in flight are ever held.
      while (inFlight.size >= concurrency) await Promise.race(inFlight)
      if (halted) break
      const next = await chunks.next()
      if (next.done) break
      const job = runJob(next.value).finally(() => {
        inFlight.delete(job)
        clock.report()
      })
      inFlight.add(job)
      // The first upload goes alone: a refusal of the credentials or the connection stops it all.
      await firstCreated.promise
    }
  } finally {
    await Promise.allSettled(inFlight)
    options.signal?.removeEventListener('abort', stop)
  }
  // Halted: the users read into the next file were never sent.
  result.notAttempted.push(...held.splice(0))
  await chunks.return(undefined)
  result.total = read
  clock.report()
  return result
}

const HALTED = Symbol('halted')

/** POST /jobs/users-imports, waiting while the tenant's import slots are all taken (429). */
async function createJob(
  run: ImportRun,
  file: Buffer,
  sleep: (ms: number) => Promise<void>,
  halted: () => boolean,
): Promise<string> {
  let wait = FIRST_SLOT_WAIT_MS
  for (;;) {
    if (halted()) throw HALTED
    try {
      const job = await run.imports.create({
        file,
        connectionId: run.connectionId,
        upsert: run.options.upsert ?? false,
        externalId: run.options.externalId,
        sendCompletionEmail: run.options.sendCompletionEmail ?? false,
      })
      return job.id
    } catch (error) {
      if (!(error instanceof RateLimitError)) throw error
      await sleep(wait)
      wait = Math.min(MAX_SLOT_WAIT_MS, wait * 2)
    }
  }
}

type Finished =
  | { status: 'completed'; summary: NonNullable<ImportResult['jobs'][number]['summary']> }
  | { status: 'failed'; details: string }

/**
 * GET /jobs/{id} with backoff until Auth0 says completed or failed. A lost or refused poll is
 * sent again later (the job runs on regardless); any other refusal (404: the job is gone)
 * leaves the users' fate unknown, reported as a failed job.
 */
async function pollJob(
  jobs: JobsApi,
  id: string,
  sleep: (ms: number) => Promise<void>,
  now: () => number,
): Promise<Finished> {
  const deadline = now() + JOB_DEADLINE_MS
  let backoff = FIRST_POLL_MS
  let wait = FIRST_POLL_MS
  for (;;) {
    if (now() > deadline) {
      return {
        status: 'failed',
        details: 'still not finished 2 h after its upload (Auth0 fails jobs then)',
      }
    }
    await sleep(wait)
    backoff = Math.min(MAX_POLL_MS, backoff * 1.5)
    wait = backoff
    let job: Record<string, unknown>
    try {
      job = await jobs.get(id)
    } catch (error) {
      if (passing(error)) continue
      return { status: 'failed', details: `the job could not be read: ${messageOf(error)}` }
    }
    if (job.status === 'completed') return { status: 'completed', summary: summaryOf(job.summary) }
    if (job.status === 'failed') {
      const details = typeof job.status_details === 'string' ? job.status_details : ''
      return { status: 'failed', details: details || 'Auth0 reports the job failed' }
    }
    // A running job may say how long it has left (in whole seconds, rounded up): poll just after
    // that when it comes before the backoff's next poll, never later.
    const left = job.time_left_seconds
    if (typeof left === 'number' && Number.isFinite(left) && left >= 0) {
      wait = Math.min(backoff, left * 1000 + MIN_POLL_MS)
    }
  }
}

/** GET /jobs/{id}/errors, sent again a few times when lost or refused (429, 5xx, network). */
async function readErrors(
  imports: UsersImportsApi,
  id: string,
  sleep: (ms: number) => Promise<void>,
): Promise<ImportErrorEntry[] | Error> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await imports.errors(id)
    } catch (error) {
      if (!passing(error) || attempt >= ERRORS_ATTEMPTS) {
        return error instanceof Error ? error : new Error(String(error))
      }
      await sleep(FIRST_POLL_MS * 2 ** attempt)
    }
  }
}

function summaryOf(value: unknown) {
  const summary = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >
  const n = (key: string) => (typeof summary[key] === 'number' ? summary[key] : 0)
  return { inserted: n('inserted'), updated: n('updated'), failed: n('failed'), total: n('total') }
}

function failAll(
  failed: ImportFailure[],
  users: readonly ImportUserRef[],
  jobId: string | undefined,
  code: string,
  message: string,
): void {
  for (const user of users) {
    failed.push({ ...user, ...(jobId === undefined ? {} : { jobId }), errors: [{ code, message }] })
  }
}

/** A promise and its resolver (Node 20 has no Promise.withResolvers). */
function settled(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {}
  const promise = new Promise<void>((done) => (resolve = done))
  return { promise, resolve }
}

function passing(error: unknown): boolean {
  if (error instanceof RateLimitError || error instanceof NetworkError) return true
  return error instanceof Auth0Error && error.statusCode >= 500
}

/** An Auth0 error as `status: message`, any other as its message. */
function messageOf(error: unknown): string {
  if (error instanceof Auth0Error) return String(error)
  return error instanceof Error ? error.message : String(error)
}
