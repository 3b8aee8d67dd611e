import { inspect } from 'node:util'
import type { JobsApi, Job as JobRecord } from '../api/jobs-api.js'
import { Auth0PlusError, InvalidArgument } from '../errors.js'

/** How {@link Job.wait} polls. */
export interface JobWaitOptions {
  /** Milliseconds before the first poll; each next wait is 1.5× longer, up to 10 s. Default 500. */
  interval?: number
  /** Milliseconds to wait in all before giving up. Default 300 000 (5 minutes). */
  timeout?: number
  signal?: AbortSignal
}

const MAX_INTERVAL_MS = 10_000
const FINISHED = new Set(['completed', 'failed'])

/**
 * A job Auth0 runs in the background (e.g. sending a verification e-mail): its `id`, `status`
 * (`pending`, then `completed` or `failed`), `type` and `created_at`, as Auth0's answer says.
 * `refresh()` asks again; `wait()` polls until it is finished.
 *
 * @example
 * const job = await user.sendVerificationEmail() // POST /jobs/verification-email → pending
 * await job.wait()                               // GET /jobs/job_… until completed
 * job.status                                     //=> 'completed'
 */
export class Job {
  readonly #jobs: JobsApi
  id!: string
  status!: string
  type?: string
  created_at?: string;
  [key: string]: unknown

  constructor(jobs: JobsApi, record: JobRecord) {
    this.#jobs = jobs
    this.#load(record)
  }

  /** True once Auth0 reports `completed` or `failed`. */
  get done(): boolean {
    return FINISHED.has(this.status)
  }

  /** GET /jobs/{id}: takes Auth0's current view of the job. */
  async refresh(): Promise<this> {
    this.#load(await this.#jobs.get(this.id))
    return this
  }

  /**
   * Polls GET /jobs/{id} until the job is finished, and resolves with it when `completed`.
   * A `failed` job rejects with `Auth0PlusError` (this object then shows `status: 'failed'`);
   * so does a job still unfinished after `timeout`.
   */
  async wait(options: JobWaitOptions = {}): Promise<this> {
    const { interval = 500, timeout = 300_000, signal } = checkWait(options)
    const deadline = Date.now() + timeout
    let delay = interval
    await this.refresh()
    while (!this.done) {
      if (Date.now() + delay > deadline) {
        throw new Auth0PlusError(`Job ${this.id} is still ${this.status} after ${timeout} ms.`)
      }
      await pause(delay, signal)
      delay = Math.min(MAX_INTERVAL_MS, delay * 1.5)
      await this.refresh()
    }
    if (this.status === 'failed') {
      throw new Auth0PlusError(`Job ${this.id} (${String(this.type)}) failed on Auth0's side.`)
    }
    return this
  }

  /** Auth0's fields, except any that would shadow a method (a hostile answer). */
  #load(record: JobRecord): void {
    for (const [key, value] of Object.entries(record)) {
      if (!(key in Job.prototype)) (this as Record<string, unknown>)[key] = value
    }
  }

  toString(): string {
    return `<Job ${this.id} ${this.status}>`
  }

  [inspect.custom](): string {
    return this.toString()
  }
}

function checkWait(options: JobWaitOptions): JobWaitOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgument('wait options must be an object.')
  }
  for (const name of ['interval', 'timeout'] as const) {
    const value = options[name]
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw new InvalidArgument(`${name} must be a number of milliseconds ≥ 0.`)
    }
  }
  return options
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms)
    function done() {
      signal?.removeEventListener('abort', abort)
      resolve()
    }
    function abort() {
      clearTimeout(timer)
      reject(signal!.reason as Error)
    }
    signal?.addEventListener('abort', abort, { once: true })
  })
}
