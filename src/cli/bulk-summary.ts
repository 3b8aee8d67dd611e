import { message } from './run-action.js'

/** What a bulk job did, in the shape of the library's `BulkResult` plus what the CLI knows. */
export interface JobOutcome {
  /** Past participle: `deleted`, `updated`, `restored`. */
  verb: string
  total: number
  succeeded: number
  failed: readonly { user_id: string; error: unknown }[]
  notAttempted: readonly string[]
  /** Restore only: users left alone on purpose (already there). */
  skipped?: readonly { user_id: string; reason: string }[]
  backup?: string
  interrupted?: boolean
}

/** Skipped and not-attempted users listed before the rest is only counted (the backup names them all). */
const LISTED = 50

/**
 * The closing report, one fact per line, every failed user with its reason (Auth0's
 * `String(err)`: status and message, nothing from the request).
 *
 * @example
 * formatSummary({ verb: 'deleted', total: 3, succeeded: 2, failed: [{ user_id: 'auth0|1', error }], notAttempted: [] })
 * // matched:        3
 * // deleted:        2
 * // failed:         1
 * //   auth0|1  404: The user does not exist.
 * // not attempted:  0
 */
export function formatSummary(outcome: JobOutcome): string[] {
  const lines = [
    ...(outcome.interrupted ? ['Interrupted (Ctrl-C): no new requests were started.'] : []),
    `matched:        ${outcome.total}`,
    `${`${outcome.verb}:`.padEnd(16)}${outcome.succeeded}`,
  ]
  if (outcome.skipped !== undefined) {
    lines.push(`skipped:        ${outcome.skipped.length}`)
    lines.push(...listed(outcome.skipped.map((s) => `${s.user_id}  ${s.reason}`)))
  }
  lines.push(`failed:         ${outcome.failed.length}`)
  // Every failure is listed: each one is a user the operator has to look at.
  lines.push(...outcome.failed.map((f) => `  ${f.user_id}  ${message(f.error)}`))
  lines.push(`not attempted:  ${outcome.notAttempted.length}`)
  lines.push(...listed([...outcome.notAttempted]))
  if (outcome.backup !== undefined) lines.push(`backup:         ${outcome.backup}`)
  return lines
}

/** How a job ended, for scripts: what `--json` summaries say in `status`. */
export type JobStatus =
  'done' | 'incomplete' | 'interrupted' | 'nothing-matched' | 'dry-run' | 'preview' | 'refused'

/**
 * The `--json` summary of a job: the same facts as {@link formatSummary}, one object.
 *
 * @example
 * jsonSummary({ verb: 'deleted', total: 2, succeeded: 2, failed: [], notAttempted: [] }, 'done')
 * // { status: 'done', matched: 2, deleted: 2, failed: [], notAttempted: [], backup: null }
 */
export function jsonSummary(outcome: JobOutcome, status: JobStatus): Record<string, unknown> {
  return {
    status,
    matched: outcome.total,
    [outcome.verb]: outcome.succeeded,
    ...(outcome.skipped === undefined ? {} : { skipped: outcome.skipped }),
    failed: outcome.failed.map((f) => ({ user_id: f.user_id, error: message(f.error) })),
    notAttempted: outcome.notAttempted,
    backup: outcome.backup ?? null,
  }
}

/** The status of a job that ran: done, or what it left undone. */
export function statusOf(outcome: JobOutcome): JobStatus {
  if (outcome.interrupted) return 'interrupted'
  return incomplete(outcome) ? 'incomplete' : 'done'
}

/** True when the job left anything undone: the exit code must say so. */
export function incomplete(outcome: JobOutcome): boolean {
  return (
    outcome.failed.length > 0 || outcome.notAttempted.length > 0 || outcome.interrupted === true
  )
}

function listed(items: readonly string[]): string[] {
  const lines = items.slice(0, LISTED).map((item) => `  ${item}`)
  if (items.length > LISTED) lines.push(`  … and ${items.length - LISTED} more`)
  return lines
}
