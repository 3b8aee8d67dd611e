import { InvalidArgument } from '../errors.js'
import { checkImportUser } from './import-record.js'
import type { ImportUserRef } from './import-types.js'

/** One import file: its exact bytes and who is in it. */
export interface ImportChunk {
  /** A JSON array of users, UTF-8, at most `limit` bytes. */
  file: Buffer
  /** Its users, in order (place, e-mail and user_id only: enough to report on them). */
  users: ImportUserRef[]
}

const OPEN = Buffer.from('[')
const COMMA = Buffer.from(',')
const CLOSE = Buffer.from(']')

/**
 * Reads `users` one at a time and packs them into import files of at most `limit` bytes (the
 * UTF-8 bytes of the exact file sent: `[`, the users' JSON joined by `,`, `]`). Only the file
 * being filled is held; the next is read when the caller asks for it. A user that fails
 * {@link checkImportUser}, or is alone too big for a file, goes to `refuse` and into no file.
 *
 * @example
 * for await (const chunk of importChunks(users, 512_000, refuse)) upload(chunk.file)
 * // 10 000 users of ~200 bytes → 4 files of ≤ 512 000 bytes
 */
export async function* importChunks(
  users: Iterable<unknown> | AsyncIterable<unknown>,
  limit: number,
  refuse: (user: ImportUserRef, error: InvalidArgument) => void,
  /** Kept equal to the users of the file being filled: read, in no file yet. */
  held: ImportUserRef[] = [],
): AsyncGenerator<ImportChunk> {
  let parts: Buffer[] = []
  let bytes = OPEN.length + CLOSE.length
  let index = 0
  for await (const user of users as AsyncIterable<unknown>) {
    const at = index++
    const ref = refOf(user, at)
    let json: Buffer
    try {
      checkImportUser(user, `users[${at}]`)
      json = Buffer.from(JSON.stringify(user), 'utf8')
      if (OPEN.length + json.length + CLOSE.length > limit) {
        throw new InvalidArgument(`users[${at}] alone is over ${limit} bytes, Auth0's file limit.`)
      }
    } catch (error) {
      if (!(error instanceof InvalidArgument)) throw error
      refuse(ref, error)
      continue
    }
    if (parts.length > 0 && bytes + COMMA.length + json.length > limit) {
      const chunk = { file: fileOf(parts), users: held.splice(0) }
      parts = []
      bytes = OPEN.length + CLOSE.length
      // This user opens the next file before the full one goes: `held` never misses it.
      parts.push(json)
      bytes += json.length
      held.push(ref)
      yield chunk
      continue
    }
    bytes += json.length + (parts.length > 0 ? COMMA.length : 0)
    parts.push(json)
    held.push(ref)
  }
  if (parts.length > 0) yield { file: fileOf(parts), users: held.splice(0) }
}

function fileOf(parts: Buffer[]): Buffer {
  const pieces: Buffer[] = [OPEN]
  parts.forEach((part, i) => pieces.push(...(i > 0 ? [COMMA, part] : [part])))
  pieces.push(CLOSE)
  return Buffer.concat(pieces)
}

/** What a report may say about a user: never a hash, even of a record refused for one. */
function refOf(user: unknown, index: number): ImportUserRef {
  const ref: ImportUserRef = { index }
  const email = ownString(user, 'email')
  const userId = ownString(user, 'user_id')
  if (email !== undefined) ref.email = email
  if (userId !== undefined) ref.user_id = userId
  return ref
}

/** An own data property's string value; a getter or a Proxy is not run (it may throw). */
function ownString(user: unknown, key: string): string | undefined {
  if (typeof user !== 'object' || user === null) return undefined
  try {
    const value: unknown = Object.getOwnPropertyDescriptor(user, key)?.value
    return typeof value === 'string' ? value : undefined
  } catch {
    return undefined
  }
}
