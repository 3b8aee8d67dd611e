import { randomBytes } from 'node:crypto'
import { chmod, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, isAbsolute, join } from 'node:path'
import type { StoredToken, TokenStore } from './token-store.js'

/** Owner read/write only: the file holds bearer tokens. */
const FILE_MODE = 0o600
const DIR_MODE = 0o700

/**
 * The default token file: `$XDG_CACHE_HOME/auth0plus/tokens.json`, else
 * `~/.cache/auth0plus/tokens.json`.
 */
export function defaultTokenFile(): string {
  const xdg = process.env.XDG_CACHE_HOME
  const cache = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache')
  return join(cache, 'auth0plus', 'tokens.json')
}

/**
 * Tokens in one JSON file (mode 0600), so that scripts and processes reuse one token instead of
 * spending the tenant's machine-to-machine token quota. Writes are atomic (a temporary file in
 * the same folder, then a rename), so a reader never sees half a file; a corrupt file reads as
 * empty and is overwritten by the next write. Between processes the last writer wins, which
 * at worst costs one extra token request.
 *
 * @example
 * new Auth0(domain, { clientId, clientSecret, tokenStore: new FileTokenStore() })
 */
export class FileTokenStore implements TokenStore {
  readonly path: string
  /** Writes of this process run one after another so that none undoes another. */
  #writes: Promise<unknown> = Promise.resolve()

  constructor(path?: string) {
    this.path = path ?? defaultTokenFile()
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
      const entries = await this.#read()
      change(entries)
      await this.#write(entries)
    })
    // A failed write is reported to its caller and must not block the ones after it.
    this.#writes = next.catch(() => undefined)
    return next
  }

  async #read(): Promise<Record<string, StoredToken>> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (err) {
      // No file (or no folder) yet is an empty cache; the next write reports real problems.
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR') return Object.create(null)
      throw err
    }
    await tightenMode(this.path)
    return parseEntries(text)
  }

  async #write(entries: Record<string, StoredToken>): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: DIR_MODE })
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
}

/** A file created by hand or by an older version may be readable by others: close it. */
async function tightenMode(path: string): Promise<void> {
  const { mode } = await stat(path)
  if ((mode & 0o077) !== 0) await chmod(path, FILE_MODE)
}

function parseEntries(text: string): Record<string, StoredToken> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return {}
  }
  // No prototype: a hand-edited file with a `__proto__` key stays plain data.
  const entries = Object.create(null) as Record<string, StoredToken>
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return entries
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    const { access_token, expires_at } = (value ?? {}) as Record<string, unknown>
    if (typeof access_token === 'string' && typeof expires_at === 'number') {
      entries[key] = { access_token, expires_at }
    }
  }
  return entries
}
