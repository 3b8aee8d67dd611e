import { randomBytes } from 'node:crypto'
import { open, readFile, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { ClientOptions } from './clients.js'
import type { ConnectionOptions } from './connections.js'
import { hasProtoKey } from './own-keys.js'
import type { RbacState } from './rbac.js'
import type { UserRecord } from './user-defaults.js'

/** What `dataFile` holds: the tenant's identity (so `.env` lines survive restarts) and its users. */
export interface DataFileState {
  format: 'auth0plus-emulator'
  version: 1
  clientId: string
  clientSecret: string
  /** The token signing key, so access tokens issued before a restart stay valid. */
  signingKey: { kid: string; pem: string }
  connectionIds: Record<string, string>
  users: UserRecord[]
  /** user_id → salted password digest (absent in files written before logins existed). */
  passwords?: Record<string, string>
  /** Further clients (any type), used when `startEmulator` is given none. Editable by hand. */
  clients?: ClientOptions[]
  /** The connections, used when `startEmulator` is given none. Editable by hand. */
  connections?: (string | ConnectionOptions)[]
  /** APIs, roles with their permissions and users, direct permissions, client grants (absent before RBAC). */
  rbac?: RbacState
}

/**
 * Reads the data file; undefined when it does not exist yet. A file that does not parse is an
 * error: starting empty would overwrite somebody's data at the first write.
 */
export async function loadDataFile(path: string): Promise<DataFileState | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  const state = JSON.parse(text) as DataFileState
  if (
    state === null ||
    typeof state !== 'object' ||
    state.format !== 'auth0plus-emulator' ||
    !Array.isArray(state.users)
  ) {
    throw new Error(`${path} is not an auth0plus emulator data file`)
  }
  // The API never stores a `__proto__` key (it answers 400), so a file holding one was edited
  // by hand or by an attacker: refuse it rather than let the key reach a prototype.
  if (hasProtoKey(state)) throw new Error(`${path} holds a "__proto__" key; refusing to load it`)
  return state
}

/**
 * Persists the tenant with atomic replaces: write a temp file beside the target, fsync it,
 * rename it over the target, fsync the directory. A kill at any instant leaves either the old or
 * the new complete file, never a torn one.
 *
 * Writes are coalesced: `save()` resolves once a write that started after the call has reached
 * the disk, so callers can acknowledge a change only when it is durable, while a burst of
 * concurrent changes costs one or two file writes instead of one each.
 */
interface Batch {
  promise: Promise<void>
  resolve: () => void
  reject: (err: unknown) => void
}

export class DataFileWriter {
  #running: Promise<void> | undefined
  /** Callers waiting for the next write (one that has not started yet). */
  #next: Batch | undefined

  constructor(
    readonly path: string,
    private readonly snapshot: () => DataFileState,
  ) {}

  /** Resolves when every change made before this call is on disk. */
  save(): Promise<void> {
    const batch = this.#next ?? this.#newBatch()
    if (this.#running === undefined) this.#start()
    return batch.promise
  }

  #newBatch(): Batch {
    let resolve!: () => void
    let reject!: (err: unknown) => void
    const promise = new Promise<void>((res, rej) => {
      resolve = res
      reject = rej
    })
    this.#next = { promise, resolve, reject }
    return this.#next
  }

  /** Waits for the write in flight and any queued one. */
  async flush(): Promise<void> {
    while (this.#running !== undefined) await this.#running
  }

  #start(): void {
    const batch = this.#next!
    this.#next = undefined
    // The snapshot is taken synchronously here, so it holds every change acknowledged to `batch`.
    const data = JSON.stringify(this.snapshot())
    this.#running = writeAtomically(this.path, data)
      .then(batch.resolve, batch.reject)
      .finally(() => {
        this.#running = undefined
        if (this.#next !== undefined) this.#start()
      })
  }
}

async function writeAtomically(path: string, data: string): Promise<void> {
  // A random name, created exclusively ('wx' = O_CREAT|O_EXCL): a file or symlink planted at a
  // guessed name makes the open fail instead of being followed and overwritten.
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(12).toString('hex')}.tmp`)
  const file = await open(temp, 'wx', 0o600)
  try {
    await file.writeFile(data, 'utf8')
    await file.sync()
  } finally {
    await file.close()
  }
  try {
    await rename(temp, path)
  } catch (err) {
    await unlink(temp).catch(() => undefined)
    throw err
  }
  // The rename itself lives in the directory: without this fsync a crash could forget it.
  const dir = await open(dirname(path), 'r')
  try {
    await dir.sync()
  } finally {
    await dir.close()
  }
}
