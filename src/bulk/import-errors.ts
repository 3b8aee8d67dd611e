import type { ImportErrorEntry } from '../api/users-imports-api.js'
import type { ImportFailure, ImportUserRef } from './import-types.js'

/**
 * A job's error report as failures of the input's users: each entry is matched to its user by
 * e-mail (then `user_id`) within the job's file, and keeps only the place, e-mail and
 * `user_id`. Auth0's entry repeats the user as the file gave it, password hash included, so
 * any secret of it is also cut from the messages.
 *
 * @example
 * importErrors([{ user: { email: 'A@x.io', password_hash: '$2b$…' }, errors: [{ code: 'DUPLICATED_USER', message: '…' }] }], refs, 'job_1')
 * // [{ index: 7, email: 'A@x.io', jobId: 'job_1', errors: [{ code: 'DUPLICATED_USER', message: '…' }] }]
 */
export function importErrors(
  entries: readonly ImportErrorEntry[],
  users: readonly ImportUserRef[],
  jobId: string,
): ImportFailure[] {
  const byEmail = new Map<string, ImportUserRef[]>()
  for (const user of users) {
    const key = user.email?.toLowerCase()
    if (key !== undefined) byEmail.set(key, [...(byEmail.get(key) ?? []), user])
  }
  const reported = new Set<ImportUserRef>()
  return entries.map((entry) => {
    const email = typeof entry.user.email === 'string' ? entry.user.email : undefined
    const userId = typeof entry.user.user_id === 'string' ? entry.user.user_id : undefined
    const candidates = (byEmail.get(email?.toLowerCase() ?? '') ?? []).filter(
      (user) => !reported.has(user),
    )
    // Repeats inside one file share an e-mail: the user_id tells them apart when given; else
    // the later one, as Auth0 imports the first occurrence and reports the repeats.
    const ref = candidates.find((user) => userId !== undefined && user.user_id === userId) ??
      candidates.at(-1) ?? { index: -1, email, user_id: userId }
    reported.add(ref)
    const secrets = secretsOf(entry.user)
    return {
      ...ref,
      jobId,
      errors: entry.errors.map((error) => ({ ...error, message: scrub(error.message, secrets) })),
    }
  })
}

/** The hash, salt and key strings of a user as given in an import file. */
function secretsOf(user: Record<string, unknown>): string[] {
  const custom = asRecord(user.custom_password_hash)
  const hash = asRecord(custom.hash)
  const values = [
    user.password_hash,
    hash.value,
    asRecord(hash.key).value,
    asRecord(custom.salt).value,
  ]
  return values
    .filter((value): value is string => typeof value === 'string' && value !== '')
    .sort((a, b) => b.length - a.length)
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
}

function scrub(message: string, secrets: readonly string[]): string {
  let text = message
  for (const secret of secrets) text = text.split(secret).join('[redacted]')
  return text
}
