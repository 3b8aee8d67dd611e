import { ApiError } from './api-error.js'
import type { Clock } from './clock.js'
import { randomAlphanumeric } from './connections.js'
import { ExpiringMap } from './expiring-map.js'
import { JOB_TTL_MS } from './export-jobs.js'
import type { ImportRequest } from './import-job-request.js'
import { jobBody, repeats, withoutHashes, type ImportJob } from './import-job-view.js'
import { importUser } from './import-user.js'
import { validateImportUser } from './import-user-schema.js'
import type { Tenant } from './tenant.js'
import { isoTimestamp } from './user-defaults.js'

/** Auth0: at most two import jobs of a tenant run at a time. */
export const MAX_PENDING_IMPORTS = 2
/** Auth0: a job still running after two hours fails. */
export const IMPORT_TIMEOUT_MS = 2 * 3600 * 1000
/** Jobs kept at most [I]: each holds its error report (bounded by the 500 KB file). */
export const MAX_IMPORT_JOBS = 50
/** Error reports kept at most, in bytes of JSON over all jobs [I]. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024
/** Users applied per turn of the event loop, so a big file never stalls other requests long. */
const BATCH = 500
/** How often a paced job looks at the clock again when it is ahead of its pace. */
const PACE_POLL_MS = 20

/** How import jobs run: their pace and how finished work is persisted. */
export interface ImportJobsOptions {
  /** Users imported per second of the tenant's clock; undefined = as fast as the machine goes. */
  usersPerSecond?: number
  /** Persists the tenant (the data file), resolving once durable; undefined without one. */
  persist?: () => Promise<void> | undefined
}

/**
 * Users import jobs (POST /jobs/users-imports, GET /jobs/{id}, GET /jobs/{id}/errors). A job
 * is `pending` when created and imports its users after the answer, in batches, at most
 * `usersPerSecond` by the injected clock (so tests move time instead of sleeping); GET catches
 * a paced job up to where the clock says it is, so what it shows depends on the clock alone. The job
 * is `completed` (with its summary) once every user is in and persisted, `failed` when it
 * passes two hours.
 */
export class ImportJobs {
  readonly #jobs: ExpiringMap<ImportJob>
  readonly #timers = new Set<NodeJS.Timeout | NodeJS.Immediate>()
  #stopped = false

  constructor(
    private readonly tenant: () => Tenant,
    private readonly now: Clock,
    private readonly options: ImportJobsOptions = {},
  ) {
    this.#jobs = new ExpiringMap(now, JOB_TTL_MS, MAX_IMPORT_JOBS)
  }

  /** Starts a job: 429 when two are pending already. The answer is always `pending`. */
  create(request: ImportRequest, clientId: string): Record<string, unknown> {
    for (const job of this.#jobs.values()) this.#catchUp(job)
    const pending = [...this.#jobs.values()].filter((job) => job.status === 'pending').length
    if (pending >= MAX_PENDING_IMPORTS) {
      throw new ApiError(
        429,
        `There are already ${MAX_PENDING_IMPORTS} pending users import jobs for this tenant; wait for one to finish.`,
        'too_many_requests',
      )
    }
    const job: ImportJob = {
      id: `job_${randomAlphanumeric(16)}`,
      createdMs: this.now(),
      request,
      clientId,
      next: 0,
      summary: { failed: 0, updated: 0, inserted: 0, total: request.users.length },
      errors: [],
      reportBytes: 0,
      status: 'pending',
      seen: { emails: new Set(), usernames: new Set(), ids: new Set() },
    }
    this.#jobs.set(job.id, job)
    this.#schedule(job, 0)
    return jobBody(job, 'pending')
  }

  /** The job as GET /jobs/{id} shows it, or undefined when it is not an import job. */
  describe(id: string): Record<string, unknown> | undefined {
    const job = this.#jobs.get(id)
    if (job === undefined) return undefined
    this.#catchUp(job)
    return jobBody(job, job.status, this.#timeLeft(job))
  }

  /**
   * GET /jobs/{id}/errors: the failed users (`[]` = none, answered 204), or the job itself when
   * the job failed. Undefined when it is not an import job.
   */
  errors(id: string): unknown[] | Record<string, unknown> | undefined {
    const job = this.#jobs.get(id)
    if (job === undefined) return undefined
    this.#catchUp(job)
    if (job.status === 'failed') return jobBody(job, 'failed')
    return job.errors.length === 0 ? [] : (JSON.parse(`[${job.errors.join(',')}]`) as unknown[])
  }

  /** Stops background work (the tenant is closing). */
  stop(): void {
    this.#stopped = true
    for (const timer of this.#timers) {
      clearTimeout(timer as NodeJS.Timeout)
      clearImmediate(timer as NodeJS.Immediate)
    }
    this.#timers.clear()
  }

  /**
   * A paced job is brought to where the clock says it is, so reads depend on the clock alone.
   * An unpaced one is left to the background batches: a whole file at once would hold up
   * every other request (~1 s for 14,000 users).
   */
  #catchUp(job: ImportJob): void {
    if (this.options.usersPerSecond !== undefined) this.#advance(job, Infinity)
  }

  #schedule(job: ImportJob, delayMs: number): void {
    if (this.#stopped) return
    const run = () => {
      this.#timers.delete(timer)
      const before = job.next
      this.#advance(job, BATCH)
      if (job.status === 'pending' && job.saved === undefined && this.#jobs.get(job.id) === job) {
        this.#schedule(job, job.next > before ? 0 : PACE_POLL_MS)
      }
    }
    const timer = delayMs === 0 ? setImmediate(run) : setTimeout(run, delayMs)
    timer.unref()
    this.#timers.add(timer)
  }

  /** Imports up to `limit` more users, as many as the pace allows by now; finishes the job. */
  #advance(job: ImportJob, limit: number): void {
    if (job.status !== 'pending' || job.saved !== undefined) return
    const elapsed = this.now() - job.createdMs
    const rate = this.options.usersPerSecond
    const allowed = rate === undefined ? Infinity : Math.floor((elapsed * rate) / 1000)
    const users = job.request.users
    const end = Math.min(users.length, allowed, job.next + limit)
    const tenant = this.tenant()
    for (; job.next < end; job.next += 1) this.#importOne(tenant, job, users[job.next])
    if (job.next === users.length) this.#finish(tenant, job)
    else if (elapsed >= IMPORT_TIMEOUT_MS) this.#fail(tenant, job, 'Job timed out after 2 hours')
  }

  #importOne(tenant: Tenant, job: ImportJob, user: unknown): void {
    let errors = validateImportUser(user)
    if (errors.length === 0) {
      const input = user as Record<string, unknown>
      errors = repeats(job.seen, input)
      if (errors.length === 0) {
        const outcome = importUser(tenant, job.request.connection, input, job.request.upsert)
        if (outcome === 'inserted' || outcome === 'updated') {
          job.summary[outcome] += 1
          return
        }
        errors = outcome
      }
    }
    job.summary.failed += 1
    const entry = JSON.stringify({ user: withoutHashes(user), errors })
    job.errors.push(entry)
    job.reportBytes += entry.length
  }

  #finish(tenant: Tenant, job: ImportJob): void {
    releaseInput(job)
    this.#keepReportsWithinBudget(job)
    const durable = this.options.persist?.()
    const complete = () => {
      job.status = 'completed'
      this.#report(tenant, job)
    }
    if (durable === undefined) return complete()
    job.saved = durable.then(complete, () =>
      this.#fail(tenant, job, 'The imported users could not be persisted'),
    )
  }

  #fail(tenant: Tenant, job: ImportJob, details: string): void {
    job.status = 'failed'
    job.statusDetails = details
    releaseInput(job)
    this.#report(tenant, job)
  }

  /**
   * Past {@link MAX_REPORT_BYTES} of error reports over all jobs, the oldest finished jobs are
   * forgotten (404 `Job not found.`, as after 24 h) [I].
   */
  #keepReportsWithinBudget(current: ImportJob): void {
    const jobs = [...this.#jobs.values()]
    let total = jobs.reduce((sum, job) => sum + job.reportBytes, 0)
    for (const job of jobs) {
      if (total <= MAX_REPORT_BYTES) return
      if (job === current || job.status === 'pending') continue
      this.#jobs.delete(job.id)
      total -= job.reportBytes
    }
  }

  /** The `sui`/`fui` log event and, when asked for, the completion e-mail. */
  #report(tenant: Tenant, job: ImportJob): void {
    const { connection, sendCompletionEmail } = job.request
    const ok = job.status === 'completed'
    const description = ok
      ? `Users import job ${job.id} completed: ${job.summary.inserted} inserted, ${job.summary.updated} updated, ${job.summary.failed} failed`
      : `Users import job ${job.id} failed: ${job.statusDetails}`
    tenant.logs.record({
      type: ok ? 'sui' : 'fui',
      description,
      connection: connection.name,
      connection_id: connection.id,
      client_id: job.clientId,
      details: { job_id: job.id, summary: { ...job.summary } },
      strategy: 'auth0',
      strategy_type: 'database',
    })
    if (!sendCompletionEmail) return
    tenant.outbox.record({
      template: 'users_import_completion',
      to: 'tenant-owners',
      userId: '',
      connection: connection.name,
      clientId: job.clientId,
      sentAt: isoTimestamp(this.now()),
      subject: ok ? 'Users import job completed' : 'Users import job failed',
      text: description,
    })
  }

  #timeLeft(job: ImportJob): number | undefined {
    const rate = this.options.usersPerSecond
    if (rate === undefined || job.status !== 'pending') return undefined
    return Math.ceil((job.summary.total - job.next) / rate)
  }
}

/** A finished job keeps its summary and error report (as one string) only. */
function releaseInput(job: ImportJob): void {
  if (job.errors.length > 1) job.errors = [job.errors.join(',')]
  job.request = { ...job.request, users: [] }
  job.seen = { emails: new Set(), usernames: new Set(), ids: new Set() }
}
