import { Auth0Error, InvalidArgument, NetworkError, RateLimitError } from '../errors.js'
import type { ApiResponse } from '../http/types.js'
import { BulkProgressClock } from './bulk-progress.js'
import type { BulkOptions, BulkResult } from './types.js'

/** One bulk job: the users collected, and the request that acts on each. */
export interface BulkJob<T> {
  /** Ids to act on, in order, without duplicates. */
  ids: readonly string[]
  /** The users behind `ids`, for `beforeAct`. */
  users: readonly T[]
  /** Sends the request for one id (built by the resource's api module), paced by the HTTP client. */
  act(id: string): Promise<ApiResponse<unknown>>
  /** An error that means the work is done anyway (a 404 when deleting). */
  alreadyDone?(error: unknown): boolean
  options?: BulkOptions<T>
  /** Requests in flight at most; default 8 (under the HTTP client's default of 10). */
  concurrency?: number
  /** Clock of the progress reports and sleep of the pauses before a requeue. */
  timing?: { now?: () => number; sleep?: (ms: number) => Promise<void> }
}

const DEFAULT_CONCURRENCY = 8
/**
 * A request that failed for a passing reason (429, 5xx, network, timeout) after the HTTP
 * layer's own retries goes back in line this often, after a growing pause.
 */
const REQUEUES = 5
const REQUEUE_PAUSE_MS = 250
const MAX_REQUEUE_PAUSE_MS = 8_000

/**
 * Acts on every id with at most `concurrency` requests in flight and accounts for each: succeeded, failed (with its error) or not attempted. Only `beforeAct`
 * throwing makes it reject; one user's failure never does. A 401 or 403 is about the
 * credentials, not the user, so it stops the job: the rest are reported as not attempted.
 *
 * @example
 * await runBulk({ ids: ['auth0|1', 'auth0|2'], users, act: (id) => usersApi.delete(id) })
 * // DELETE /users/auth0%7C1, DELETE /users/auth0%7C2 → { total: 2, count: 2, failed: [], notAttempted: [] }
 */
export async function runBulk<T>(job: BulkJob<T>): Promise<BulkResult> {
  const options = checkBulkOptions(job.options)
  const ids = job.ids
  await options.beforeAct?.(job.users)

  // No pacer of its own: the HTTP client paces every request of its tenant's buckets, so a bulk
  // job and other code on the same client share one view of them.
  const sleep = job.timing?.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const progress = new BulkProgressClock(ids.length, job.timing?.now, options.onProgress)
  const failed: BulkResult['failed'] = []
  const queue = ids.map((id) => ({ id, requeues: 0 }))
  let next = 0
  let halted = options.signal?.aborted ?? false
  let succeeded = 0
  const stop = () => {
    halted = true
  }
  options.signal?.addEventListener('abort', stop, { once: true })

  const actOnNext = async (): Promise<void> => {
    const item = queue[next++]
    if (item === undefined) return
    try {
      await job.act(item.id)
      succeeded++
      progress.report(succeeded, failed.length)
    } catch (error) {
      if (isPassing(error) && item.requeues < REQUEUES) {
        // Bulk requests are safe to send again: a DELETE, or a PATCH of absolute values
        // whose outcome was lost. The HTTP layer does not re-send a PATCH; the job does.
        const pause = Math.min(REQUEUE_PAUSE_MS * 2 ** item.requeues, MAX_REQUEUE_PAUSE_MS)
        await sleep(pause)
        queue.push({ id: item.id, requeues: item.requeues + 1 })
        return
      }
      if (job.alreadyDone?.(error)) succeeded++
      else failed.push({ user_id: item.id, error: asError(error) })
      if (isCredentialsError(error)) halted = true
      progress.report(succeeded, failed.length)
    }
  }
  const worker = async (): Promise<void> => {
    while (!halted && next < queue.length) await actOnNext()
  }

  progress.start(succeeded, failed.length)
  // One request alone first: credentials that may not act (401, 403) stop the job after it.
  if (!halted) await actOnNext()
  const concurrency = job.concurrency ?? DEFAULT_CONCURRENCY
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker))
  options.signal?.removeEventListener('abort', stop)
  return {
    total: ids.length,
    count: succeeded,
    failed,
    notAttempted: queue.slice(next).map((item) => item.id),
  }
}

/** Bulk options as given, or `InvalidArgument` before any request. */
export function checkBulkOptions<T>(options: BulkOptions<T> | undefined): BulkOptions<T> {
  if (options === undefined) return {}
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgument('Bulk options must be an object.')
  }
  for (const name of ['onProgress', 'beforeAct'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new InvalidArgument(`${name} must be a function.`)
    }
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new InvalidArgument('signal must be an AbortSignal.')
  }
  return options
}

/** Refused (429) or lost (5xx, network, timeout): the same request may well succeed later. */
function isPassing(error: unknown): boolean {
  if (error instanceof RateLimitError || error instanceof NetworkError) return true
  return error instanceof Auth0Error && error.statusCode >= 500
}

function isCredentialsError(error: unknown): boolean {
  return error instanceof Auth0Error && (error.statusCode === 401 || error.statusCode === 403)
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}
