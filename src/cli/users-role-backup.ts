import { readBackup } from './backup-reader.js'
import { UsageError } from './usage-error.js'

/**
 * The users of a backup that `users add-role|remove-role` wrote (one `{ user_id, email,
 * role_id, role_name, change }` per line), to undo that job. Every line needs a `user_id`;
 * a repeated one is acted on once.
 */
export async function readRoleBackup(path: string): Promise<{ user_id: string; email?: string }[]> {
  const users = new Map<string, { user_id: string; email?: string }>()
  for await (const { line, user } of readBackup(path)) {
    const { user_id, email } = user
    if (typeof user_id !== 'string' || user_id === '') {
      throw new UsageError(`${path}:${line}: a line without a user_id.`)
    }
    if (!users.has(user_id)) {
      users.set(user_id, { user_id, ...(typeof email === 'string' ? { email } : {}) })
    }
  }
  return [...users.values()]
}
