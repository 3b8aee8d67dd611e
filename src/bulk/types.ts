/** The public shapes of bulk operations (`qs.delete()`, `qs.update()`), shared with the CLI. */

/** Where a bulk job stands; passed to `onProgress` before the first request and after each one. */
export interface BulkProgress {
  /** Users the job will act on. */
  total: number
  /** Users acted on so far: `succeeded + failed`. */
  done: number
  succeeded: number
  failed: number
  /** Milliseconds since the first request of the acting phase (collection not included). */
  elapsedMs: number
  /** `done` per second of `elapsedMs` (0 at the start). */
  perSecond: number
}

/**
 * Options of `qs.delete(options)` and `qs.update(fields, options)`.
 *
 * @example
 * await auth0.users.query({ email: '*@test.example' }).delete({
 *   beforeAct: (users) => writeBackup(users), // awaited before the first DELETE
 *   onProgress: ({ done, total }) => console.log(`${done}/${total}`),
 *   signal: AbortSignal.timeout(600_000),
 * })
 */
export interface BulkOptions<T> {
  onProgress?: (progress: BulkProgress) => void
  /** Every matching user, once all are collected and before any is touched; awaited (the CLI writes its backup here). */
  beforeAct?: (users: readonly T[]) => Promise<void> | void
  /**
   * Stops starting new requests; requests in flight finish and are counted (those already
   * waiting for the client's rate-limit pacing too: at most `concurrency` of them).
   */
  signal?: AbortSignal
}

/** What a bulk job did. It never throws for one user's failure: that user is listed in `failed`. */
export interface BulkResult {
  /** Users that matched (and were handed to `beforeAct`). */
  total: number
  /** Users acted on successfully. */
  count: number
  /** Users whose request failed, with the library's error (already scrubbed of secrets). */
  failed: { user_id: string; error: Error }[]
  /** Users never sent, because `signal` aborted or the tenant refused the credentials (401/403). */
  notAttempted: string[]
}
