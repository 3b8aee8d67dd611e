import { open } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { CliError } from './usage-error.js'

/** Lines per write: large writes, bounded buffers. */
const CHUNK = 500

/**
 * Writes every user about to be changed as one JSON line, then fsyncs the file and its
 * directory, so that the backup survives a crash or power cut that happens while users are
 * being deleted. The file is new (`wx`: never overwrites an older backup) and private (0600:
 * it holds personal data).
 *
 * @returns the absolute path written
 */
export async function writeBackup(
  path: string,
  users: readonly Record<string, unknown>[],
): Promise<string> {
  const target = resolve(path)
  const file = await open(target, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error
    throw new CliError(
      `the backup file ${target} exists already and is never overwritten: pass another --backup.`,
    )
  })
  try {
    for (let i = 0; i < users.length; i += CHUNK) {
      const lines = users.slice(i, i + CHUNK).map((user) => `${JSON.stringify(user)}\n`)
      await file.write(lines.join(''))
    }
    await file.sync()
  } finally {
    await file.close()
  }
  await syncDirectory(dirname(target))
  return target
}

/**
 * The file's directory entry must reach the disk too, or a crash can lose the new file
 * even though its bytes were synced.
 */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r')
  try {
    await handle.sync()
  } catch (error) {
    // Some platforms (Windows) cannot fsync a directory; the file itself is synced.
    if (!['EISDIR', 'EPERM', 'EINVAL'].includes((error as NodeJS.ErrnoException).code ?? ''))
      throw error
  } finally {
    await handle.close()
  }
}

/**
 * `auth0plus-backup-<tenant>-<ISO time>.jsonl`, safe as a file name everywhere
 * (`127.0.0.1:4010` → `127.0.0.1-4010`, colons in the time → `-`).
 *
 * @example
 * defaultBackupName('https://acme.eu.auth0.com', new Date(0))
 * // auth0plus-backup-acme.eu.auth0.com-1970-01-01T00-00-00-000Z.jsonl
 */
export function defaultBackupName(domain: string, at: Date): string {
  const tenant = new URL(domain).host.replace(/[^A-Za-z0-9.-]/g, '-')
  const time = at.toISOString().replace(/[:.]/g, '-')
  return `auth0plus-backup-${tenant}-${time}.jsonl`
}
