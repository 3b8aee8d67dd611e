import { constants } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { chmod, lstat, mkdir, open, rename, unlink, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, isAbsolute, join } from 'node:path'
import lockfile from 'proper-lockfile'
import { Auth0PlusError } from '../errors.js'
import type { StoredToken, TokenStore } from './token-store.js'

/** Owner read/write only: the file holds bearer tokens. */
const FILE_MODE = 0o600
const DIR_MODE = 0o700
/** A lock older than this belongs to a process that died mid-write: it is taken over. */
const STALE_LOCK_MS = 10_000
/** The sticky bit: in such a folder (`/tmp`) only a file's owner may rename or delete it. */
const STICKY = 0o1000

/**
 * The default token file: `$XDG_CACHE_HOME/auth0plus/tokens.json`, else
 * `~/.cache/auth0plus/tokens.json`.
 */
export function defaultTokenFile(): string {
  const xdg = process.env.XDG_CACHE_HOME
  const cache = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache')
  return join(cache, 'auth0plus', 'tokens.json')
}

/** Options of {@link FileTokenStore}. */
export interface FileTokenStoreOptions {
  /** Told once, without any token, when a corrupt file is ignored; `process.emitWarning` by default. */
  warn?: (message: string) => void
}

/**
 * Tokens in one JSON file (mode 0600), so that scripts and processes reuse one token instead of
 * spending the tenant's machine-to-machine token quota.
 *
 * - Safe across processes: every change is a read-modify-write under a lock file
 *   (`proper-lockfile`, stale after 10 s), then an atomic rename, so concurrent writers never
 *   lose each other's keys and a reader never sees half a file.
 * - The file is never followed through a symbolic link (reads open it with `O_NOFOLLOW`, writes
 *   replace the name), and a symlink at the path is refused.
 * - Its folder is created 0700; a group- or world-writable folder without the sticky bit is
 *   refused (another user could swap the file), except the default folder, which is tightened.
 * - A corrupt file reads as empty, is said once (never its content), and the next write replaces it.
 *
 * @example
 * new Auth0(domain, { clientId, clientSecret, tokenStore: new FileTokenStore() })
 */
export class FileTokenStore implements TokenStore {
  readonly path: string
  readonly #warn: (message: string) => void
  #warned = false
  /** Writes of this process run one after another; the lock orders them across processes. */
  #writes: Promise<unknown> = Promise.resolve()

  constructor(path?: string, options: FileTokenStoreOptions = {}) {
    this.path = path ?? defaultTokenFile()
    this.#warn = options.warn ?? ((message) => process.emitWarning(message, 'Auth0PlusWarning'))
  }

  async get(key: string): Promise<StoredToken | undefined> {
    await this.#writes
    return (await this.#read())[key]
  }

  async set(key: string, token: StoredToken): Promise<void> {
    await this.#update((entries) => {
      entries[key] = { access_token: token.access_token, expires_at: token.expires_at }
    })
  }

  async delete(key: string): Promise<void> {
    await this.#update((entries) => {
      delete entries[key]
    })
  }

  #update(change: (entries: Record<string, StoredToken>) => void): Promise<void> {
    const next = this.#writes.then(async () => {
      await this.#prepareFolder()
      const release = await lockfile.lock(this.path, {
        realpath: false,
        stale: STALE_LOCK_MS,
        retries: { retries: 50, minTimeout: 10, maxTimeout: 200, randomize: true },
      })
      try {
        const entries = await this.#read()
        change(entries)
        await this.#write(entries)
      } finally {
        await release()
      }
    })
    // A failed write is reported to its caller and must not block the ones after it.
    this.#writes = next.catch(() => undefined)
    return next
  }

  async #read(): Promise<Record<string, StoredToken>> {
    let text: string
    try {
      const file = await open(this.path, constants.O_RDONLY | constants.O_NOFOLLOW)
      try {
        // A file created by hand or by an older version may be readable by others: close it.
        const { mode } = await file.stat()
        if ((mode & 0o077) !== 0) await file.chmod(FILE_MODE)
        text = await file.readFile('utf8')
      } finally {
        await file.close()
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      // No file (or no folder) yet is an empty cache; the next write reports real problems.
      if (code === 'ENOENT' || code === 'ENOTDIR') return Object.create(null)
      if (code === 'ELOOP') throw this.#symlinkError()
      throw err
    }
    const entries = parseEntries(text)
    if (entries === undefined) {
      if (!this.#warned) {
        this.#warned = true
        this.#warn(
          `auth0plus: the token file ${this.path} is not valid JSON; it is ignored and will be replaced.`,
        )
      }
      return Object.create(null)
    }
    return entries
  }

  async #write(entries: Record<string, StoredToken>): Promise<void> {
    const existing = await lstat(this.path).catch(() => undefined)
    if (existing?.isSymbolicLink()) throw this.#symlinkError()
    // Same folder as the target, so the rename stays on one file system and is atomic.
    const temp = `${this.path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    try {
      await writeFile(temp, JSON.stringify(entries, null, 2) + '\n', {
        mode: FILE_MODE,
        flag: 'wx',
      })
      await rename(temp, this.path)
    } catch (err) {
      await unlink(temp).catch(() => undefined)
      throw err
    }
  }

  async #prepareFolder(): Promise<void> {
    const folder = dirname(this.path)
    await mkdir(folder, { recursive: true, mode: DIR_MODE })
    const info = await lstat(folder)
    const shared = (info.mode & 0o022) !== 0 && (info.mode & STICKY) === 0
    if (!shared) return
    if (folder === dirname(defaultTokenFile())) {
      await chmod(folder, DIR_MODE)
      return
    }
    throw new Auth0PlusError(
      `FileTokenStore: ${folder} is writable by other users; choose a private folder (mode 0700).`,
    )
  }

  #symlinkError(): Auth0PlusError {
    return new Auth0PlusError(
      `FileTokenStore: ${this.path} is a symbolic link; refusing to follow it. Remove it or choose another path.`,
    )
  }
}

/** The entries of a token file, or `undefined` when it is not a JSON object. */
function parseEntries(text: string): Record<string, StoredToken> | undefined {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined
  // No prototype: a hand-edited file with a `__proto__` key stays plain data.
  const entries = Object.create(null) as Record<string, StoredToken>
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    const { access_token, expires_at } = (value ?? {}) as Record<string, unknown>
    if (typeof access_token === 'string' && typeof expires_at === 'number') {
      entries[key] = { access_token, expires_at }
    }
  }
  return entries
}
