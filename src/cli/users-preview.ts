import type { UserQuerySet } from '../index.js'

/** Users shown before a bulk job asks for `--yes`. */
const SAMPLE_SIZE = 5

/**
 * What the operator sees before anything happens: how many users match, where, and the first
 * few (id and e-mail; one small extra request with only those fields).
 */
export async function previewLines(
  users: UserQuerySet<unknown>,
  total: number,
  scope: string,
): Promise<string[]> {
  const query = users.q === '' ? 'every user' : users.q
  const lines = [`${total} user${total === 1 ? '' : 's'} match ${query} in ${scope}.`]
  if (total === 0) return lines
  const sample = await users.only('user_id', 'email').slice(0, SAMPLE_SIZE).toArray()
  for (const user of sample) {
    const { user_id, email } = user as { user_id?: string; email?: string }
    lines.push(`  ${user_id ?? '?'}  ${email ?? '(no email)'}`)
  }
  if (total > sample.length) lines.push(`  … and ${total - sample.length} more`)
  return lines
}
