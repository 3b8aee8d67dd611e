import {
  Auth0Error,
  checkImportUser,
  InvalidArgument,
  type Auth0,
  type BulkProgress,
  type ImportUser,
} from '../index.js'
import type { RestorePlan } from './restore-plan.js'
import { message } from './run-action.js'
import { CliError } from './usage-error.js'

/**
 * Fewer importable users than this go one POST each: a job costs an upload and polls of at
 * least half a second, which a handful of POSTs beat; from here on the job wins, and by far at
 * a tenant's rate limit (one request per ~500 users instead of one per user).
 */
export const IMPORT_THRESHOLD = 20

type CreatePlan = Extract<RestorePlan, { kind: 'create' }>

/**
 * The import-schema record of a planned restore, or `undefined` when an import job cannot
 * express it and the user goes by POST /users: no e-mail (the import requires one), an id
 * outside `auth0|` (the import prefixes every id with it), or a field the import refuses.
 */
export function importRecordOf(plan: RestorePlan): ImportUser | undefined {
  if (plan.kind !== 'create' || !plan.user_id.startsWith('auth0|')) return undefined
  const { verify_email: _sent, user_id: _id, ...fields } = plan.fields
  const record = { ...fields, user_id: plan.user_id.slice('auth0|'.length) }
  try {
    checkImportUser(record, plan.user_id)
  } catch (error) {
    if (error instanceof InvalidArgument) return undefined
    throw error
  }
  return record
}

/** What an import job did for a restore, in the restore's words. */
export interface RestoreImportOutcome {
  succeeded: number
  failed: { user_id: string; error: unknown }[]
  skipped: { user_id: string; reason: string }[]
  notAttempted: string[]
  /** Users whose job failed or was never created: the restore sends them one POST each. */
  retry: Set<string>
  /** Users read from the plans, in order: after an interrupt, the rest were never read. */
  read: number
  /** Why no job could be sent at all (the connection lookup failed): all go by POST. */
  unavailable?: string
}

/** A planned create with its import-schema record. */
export type ImportPlan = CreatePlan & { record: ImportUser }

/**
 * Restores the importable users of one connection through import jobs (no upsert: a user that
 * exists is skipped, as a 409 is on the POST path). A job that fails as a whole, or whose
 * upload failed, leaves its users to the POST path (`retry`): a 409 there says that the job
 * created them after all.
 */
export async function restoreByImport(
  auth0: Auth0,
  plans: AsyncIterable<ImportPlan>,
  connection: string,
  options: { signal: AbortSignal; onProgress: (progress: BulkProgress) => void },
): Promise<RestoreImportOutcome> {
  const outcome: RestoreImportOutcome = {
    succeeded: 0,
    failed: [],
    skipped: [],
    notAttempted: [],
    retry: new Set(),
    read: 0,
  }
  // The restore's user_ids by place in the import: a report names users by their place.
  const ids: string[] = []
  async function* records() {
    for await (const plan of plans) {
      ids.push(plan.user_id)
      yield plan.record
    }
  }
  let result
  try {
    result = await auth0.users.import(records(), {
      connection,
      signal: options.signal,
      onProgress: options.onProgress,
    })
  } catch (error) {
    // The connection's id could not be looked up (no read:connections scope, no such name):
    // nothing was sent, and every user of it goes one POST each, as before import jobs.
    if (!(error instanceof Auth0Error || error instanceof InvalidArgument)) throw error
    return { ...outcome, unavailable: message(error) }
  }
  outcome.succeeded = result.count
  outcome.read = ids.length
  for (const failure of result.failed) {
    const userId = ids[failure.index] ?? `auth0|${failure.user_id ?? '?'}`
    const codes = failure.errors.map((e) => e.code)
    if (codes.includes('JOB_FAILED') || codes.includes('JOB_NOT_CREATED')) {
      outcome.retry.add(userId)
    } else if (codes.length === 1 && codes[0] === 'DUPLICATED_USER') {
      outcome.skipped.push({ user_id: userId, reason: 'already exists' })
    } else {
      const text = failure.errors.map((e) => `${e.code}: ${e.message}`).join('; ')
      outcome.failed.push({ user_id: userId, error: new CliError(text) })
    }
  }
  outcome.notAttempted.push(...result.notAttempted.map((user) => ids[user.index] ?? '?'))
  return outcome
}
