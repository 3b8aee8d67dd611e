import { randomBytes } from 'node:crypto'
import { open, rename, unlink, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { TenantMeta } from './data-records.js'

/** The format names of the data file (snapshot) and of its journals. */
export const FORMAT = 'auth0plus-emulator'
export const JOURNAL_FORMAT = 'auth0plus-emulator-journal'

/**
 * The snapshot's first line. `journal` names the first journal generation to replay after it
 * (then the next ones, while they exist); `tenant` is a random id shared with the journals, so
 * a journal left by another tenant is never replayed into this one.
 */
export interface SnapshotHeader extends TenantMeta {
  format: typeof FORMAT
  version: 2
  tenant: string
  journal: number
}

/** A journal's first line. */
export interface JournalHeader {
  format: typeof JOURNAL_FORMAT
  tenant: string
  generation: number
}

/** The last line of a snapshot: a file cut short (copied while written, say) is refused. */
export const END_TAG = 'end'

/** Snapshot write size: small enough that serialising one chunk never holds requests long. */
const CHUNK = 64 << 10
const SYNC_EVERY = 4 << 20

/** `tenant.json` → `tenant.json.journal.7`: beside the snapshot, visibly part of it. */
export function journalPath(path: string, generation: number): string {
  return `${path}.journal.${generation}`
}

/** The generation in a journal's file name, or undefined when `name` is not one of `path`'s. */
export function journalGeneration(path: string, name: string): number | undefined {
  const prefix = `${basename(path)}.journal.`
  if (!name.startsWith(prefix)) return undefined
  const digits = name.slice(prefix.length)
  return /^[1-9]\d{0,14}$/.test(digits) ? Number(digits) : undefined
}

/** fsyncs a directory: a file's creation, rename or removal lives there, not in the file. */
export async function syncDirectory(path: string): Promise<void> {
  const dir = await open(dirname(path), 'r')
  try {
    await dir.sync()
  } finally {
    await dir.close()
  }
}

/**
 * Writes a snapshot atomically and returns its size in bytes: the lines go to a temp file beside
 * the target (random name, created exclusively, mode 0600), in chunks of 64 KiB so a
 * million users never sit in one string and the event loop keeps answering between chunks;
 * then fsync, rename over the target, fsync of the directory. A kill at any instant leaves the
 * old or the new complete snapshot. `lines` may read live data (see tenant-records.ts).
 */
export async function writeSnapshot(path: string, lines: Iterable<string>): Promise<number> {
  // 'wx' = O_CREAT|O_EXCL: a file or symlink planted at a guessed name makes the open fail
  // instead of being followed and overwritten.
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(12).toString('hex')}.tmp`)
  const file = await open(temp, 'wx', 0o600)
  let size = 0
  let synced = 0
  const chunks = new ChunkWriter(file)
  try {
    let chunk: string[] = []
    let chunkLength = 0
    for (const line of lines) {
      chunk.push(line, '\n')
      chunkLength += line.length + 1
      if (chunkLength >= CHUNK) {
        size += await chunks.write(chunk)
        chunk = []
        chunkLength = 0
        // Flushed as it goes: on ext4 a journal fsync also waits for other files' dirty data,
        // so a snapshot's hundreds of unflushed MB would stall every acknowledgement meanwhile.
        if (size - synced >= SYNC_EVERY) {
          await file.datasync()
          synced = size
        }
      }
    }
    size += await chunks.write(chunk)
    await file.sync()
  } catch (err) {
    await file.close()
    await unlink(temp).catch(() => undefined)
    throw err
  }
  await file.close()
  try {
    await rename(temp, path)
  } catch (err) {
    await unlink(temp).catch(() => undefined)
    throw err
  }
  await syncDirectory(path)
  return size
}

/**
 * Encodes chunks into one reused buffer: a new Buffer per chunk is external memory, and
 * thousands of them push V8 into full collections of a million-user heap (pauses of 100s of ms).
 */
class ChunkWriter {
  #scratch = Buffer.allocUnsafe(4 * CHUNK)

  constructor(private readonly file: FileHandle) {}

  async write(chunk: string[]): Promise<number> {
    const text = chunk.join('')
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (text.length * 3 > this.#scratch.length) this.#scratch = Buffer.allocUnsafe(text.length * 3)
    const length = this.#scratch.write(text, 'utf8')
    await writeAll(this.file, this.#scratch.subarray(0, length))
    return length
  }
}

/** Writes every byte (one `write` may take fewer, e.g. on a full disk it then throws). */
export async function writeAll(file: FileHandle, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    done += (await file.write(bytes, done, bytes.length - done)).bytesWritten
  }
}
