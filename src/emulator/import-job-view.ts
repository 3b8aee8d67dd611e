import type { ImportRequest } from './import-job-request.js'
import type { ImportUserError } from './import-schema-check.js'
import { setOwn } from './own-keys.js'
import { isoTimestamp } from './user-defaults.js'

/** What an import job counts. */
export type Summary = { failed: number; updated: number; inserted: number; total: number }

/** One users import job, as the runner (import-jobs.ts) keeps it. */
export interface ImportJob {
  id: string
  createdMs: number
  request: ImportRequest
  clientId: string
  /** Index of the next user of `request.users` to import. */
  next: number
  summary: Summary
  /**
   * The error report, each entry `{user, errors}` as JSON text: a file of 170,000 failing users
   * makes a 16 MB report, several times that as objects.
   */
  errors: string[]
  /** Bytes of `errors` (for the budget over all jobs). */
  reportBytes: number
  status: 'pending' | 'completed' | 'failed'
  /** Set once the users are in and being persisted; `completed` is shown when it settles. */
  saved?: Promise<void>
  statusDetails?: string
  /** Keys seen earlier in the same file: a repeat is a conflict. */
  seen: { emails: Set<string>; usernames: Set<string>; ids: Set<string> }
}

/** GET /jobs/{id}'s shape (recorded key order), for an import job. */
export function jobBody(
  job: ImportJob,
  status: ImportJob['status'],
  timeLeftSeconds?: number,
): Record<string, unknown> {
  const { connection, externalId } = job.request
  const described: Record<string, unknown> = {
    type: 'users_import',
    status,
    connection_id: connection.id,
  }
  if (status === 'completed') described.summary = { ...job.summary }
  Object.assign(described, {
    connection: connection.name,
    created_at: isoTimestamp(job.createdMs),
    id: job.id,
  })
  if (externalId !== undefined) described.external_id = externalId
  if (status === 'pending' && job.summary.total > 0 && job.next > 0) {
    described.percentage_done = Math.floor((job.next * 100) / job.summary.total)
    if (timeLeftSeconds !== undefined) described.time_left_seconds = timeLeftSeconds
  }
  if (status === 'failed') described.status_details = job.statusDetails
  return described
}

/** A repeat of an e-mail, username or user_id met earlier in the same file [I for the codes]. */
export function repeats(seen: ImportJob['seen'], user: Record<string, unknown>): ImportUserError[] {
  const checks: [Set<string>, unknown, string, string][] = [
    [seen.emails, (user.email as string).toLowerCase(), 'CONFLICT_EMAIL', 'email'],
    [
      seen.usernames,
      (user.username as string | undefined)?.toLowerCase(),
      'CONFLICT_USERNAME',
      'username',
    ],
    [seen.ids, user.user_id, 'CONFLICT', 'user_id'],
  ]
  const errors: ImportUserError[] = []
  for (const [set, key, code, name] of checks) {
    if (typeof key !== 'string') continue
    if (set.has(key))
      errors.push({ code, message: `Another user of the file has the same ${name}`, path: name })
  }
  if (errors.length === 0)
    for (const [set, key] of checks) if (typeof key === 'string') set.add(key)
  return errors
}

/**
 * The user as the file gave it, minus its password hashes [I]: whether Auth0 echoes them is not
 * recorded, and a hash is a secret (it can be cracked offline); the e-mail identifies the user.
 */
export function withoutHashes(user: unknown): unknown {
  if (typeof user !== 'object' || user === null || Array.isArray(user)) return user
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(user)) {
    if (key === 'password_hash' || key === 'custom_password_hash') continue
    setOwn(copy, key, value)
  }
  return copy
}
