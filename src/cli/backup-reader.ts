import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { UsageError } from './usage-error.js'

export interface BackupLine {
  /** 1-based, for messages. */
  line: number
  user: Record<string, unknown>
}

/**
 * Streams the users of a JSONL backup, one object per non-blank line, in constant memory.
 * A line that is not a JSON object is a usage error naming `file:line`.
 */
export async function* readBackup(path: string): AsyncGenerator<BackupLine> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity })
  let line = 0
  for await (const text of lines) {
    line++
    if (text.trim() === '') continue
    let user: unknown
    try {
      user = JSON.parse(text)
    } catch {
      throw new UsageError(`${path}:${line} is not JSON: is this an auth0plus backup?`)
    }
    if (typeof user !== 'object' || user === null || Array.isArray(user)) {
      throw new UsageError(`${path}:${line} is not a user object: is this an auth0plus backup?`)
    }
    yield { line, user: user as Record<string, unknown> }
  }
}
