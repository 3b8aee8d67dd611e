import type { Job, JobsApi } from '../api/jobs-api.js'
import { Auth0PlusError } from '../errors.js'

export interface PollOptions {
  sleep?: (ms: number) => Promise<void>
  signal?: AbortSignal
}

/** First wait between polls; each next one is 1.5× longer, up to the cap. */
const FIRST_POLL_MS = 500
const MAX_POLL_MS = 10_000

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Starts a users-export job (POST /jobs/users-exports, NDJSON) and polls it until it is
 * completed, with backoff (0.5 s, 0.75 s, … up to 10 s between polls): a big tenant's export
 * takes minutes, a small one's a second. Resolves with the completed job (its `location` is
 * the file's signed link); rejects when Auth0 reports the job failed.
 *
 * @example
 * await runExportJob(jobs, { format: 'json', fields: [{ name: 'email' }] })
 * // POST /jobs/users-exports {"format":"json","fields":[{"name":"email"}]} → { id: 'job_…', status: 'pending' }
 * // GET /jobs/job_… → pending; (0.5 s) GET /jobs/job_… → completed, location
 */
export async function runExportJob(
  jobs: JobsApi,
  body: Record<string, unknown>,
  options: PollOptions = {},
): Promise<Job & { location: string }> {
  const sleep = options.sleep ?? defaultSleep
  const created = await jobs.createUsersExport(body)
  let wait = FIRST_POLL_MS
  for (;;) {
    options.signal?.throwIfAborted()
    const job = await jobs.get(created.id)
    if (job.status === 'completed' && typeof job.location === 'string') {
      return { ...job, location: job.location }
    }
    if (job.status === 'failed') {
      throw new Auth0PlusError(`Users export ${created.id} failed on Auth0's side.`)
    }
    await sleep(wait)
    wait = Math.min(MAX_POLL_MS, wait * 1.5)
  }
}
