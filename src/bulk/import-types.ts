/** The public shapes of `auth0.users.import()`, shared with the CLI. */
import type { BulkProgress } from './types.js'

/**
 * Options of `auth0.users.import(users, options)`.
 *
 * @example
 * await auth0.users.import(users, {
 *   connection: 'Username-Password-Authentication', // → its id, GET /connections?name=…
 *   upsert: true,
 *   onProgress: ({ done, total }) => console.log(`${done}/${total}`),
 * })
 */
export interface ImportOptions {
  /** The database connection's name (default: the model's connection); resolved to its id. */
  connection?: string
  /** The connection's id (`con_…`), instead of `connection`: no lookup, no `read:connections`. */
  connectionId?: string
  /** Update users whose e-mail exists already (Auth0 then overwrites their metadata); default false. */
  upsert?: boolean
  /** Sent as each job's `external_id`, to find the jobs again in Auth0's logs. */
  externalId?: string
  /**
   * Ask Auth0 to e-mail the tenant's admins when each job (each file of ≤ 500 KB) completes.
   * Default **false**, unlike Auth0's own default (true): a big import runs many jobs, and one
   * e-mail per job is noise.
   */
  sendCompletionEmail?: boolean
  /** Import jobs in flight at once: 1 or 2 (Auth0 runs at most 2 per tenant); default 2. */
  concurrency?: number
  /**
   * After each finished job (and for each user refused locally). `total` counts the users read
   * so far: the input is streamed, so it is final only in the last report.
   */
  onProgress?: (progress: BulkProgress) => void
  /**
   * Stops uploading: the rest of the input is not read. Jobs already uploaded run on at Auth0,
   * so they are still polled to the end and counted; the users read but not sent are listed
   * in `notAttempted`.
   */
  signal?: AbortSignal
}

/** Which user of the input: its 0-based place, its e-mail and its `user_id` (never anything else). */
export interface ImportUserRef {
  index: number
  email?: string
  user_id?: string
}

/** A user that was not imported, and why (Auth0's codes, or the library's own below). */
export interface ImportFailure extends ImportUserRef {
  /** The job that reported it; absent when the user was refused locally or never reached a job. */
  jobId?: string
  /**
   * Auth0's per-user codes (`DUPLICATED_USER`, `INVALID_FORMAT`, `CONFLICT`, …), or:
   * `INVALID_RECORD` (refused before sending: not in Auth0's import schema), `JOB_FAILED` (the
   * whole job failed), `JOB_NOT_CREATED` (the upload was refused or its answer lost),
   * `ERRORS_UNREAD` (the job counted failures but its error report could not be read: one
   * entry for the job, `index` -1, its message saying how many and which users' range).
   */
  errors: { code: string; message: string; path?: string }[]
}

/** One import job: the users of one file. */
export interface ImportJobReport {
  /** Auth0's job id; absent when the job could not be created. */
  id?: string
  status: 'completed' | 'failed' | 'not-created'
  /** The input places of its first and last users, and how many it held. */
  first: number
  last: number
  users: number
  /** The file's size in bytes (≤ 512 000). */
  bytes: number
  summary?: { inserted: number; updated: number; failed: number; total: number }
}

/** What an import did. It never throws for one user's or one job's failure: they are listed. */
export interface ImportResult {
  /** Users read from the input. */
  total: number
  /** Users imported: `inserted + updated`. */
  count: number
  inserted: number
  updated: number
  failed: ImportFailure[]
  /** Users read but never sent (abort, or a refusal that would repeat for every job: 401, 403, 400). */
  notAttempted: ImportUserRef[]
  jobs: ImportJobReport[]
}
