import { ApiError } from './api-error.js'
import { connectionOf, type UserRecord } from './user-defaults.js'

/** Called after every write with the new record, or null for a delete. */
export type ChangeListener = (userId: string, user: UserRecord | null) => void

const duplicate = () => new ApiError(409, 'The user already exists.', 'auth0_idp_error')

/**
 * The primary datastore: immediately consistent, as GET /users/{id} and /users-by-email are on
 * Auth0. Records are immutable — every write stores a new object — so the lagging search index
 * and export jobs can keep references to old versions safely.
 */
export class UserStore {
  readonly #users: Map<string, UserRecord>
  /** exact stored email → ids (an email may exist once per connection). */
  readonly #byEmail: KeyIndex = new Map()
  readonly #byUsername: KeyIndex = new Map()
  readonly #listeners: ChangeListener[] = []

  /**
   * `loaded`: the data file's users, adopted as they are (a million of them are not copied into
   * a second Map at start); 409 when two of them share an email or username in a connection.
   */
  constructor(loaded: Map<string, UserRecord> = new Map()) {
    this.#users = loaded
    for (const [id, user] of loaded) {
      this.#assertUnique(user, id)
      addTo(this.#byEmail, user.email, id)
      addTo(this.#byUsername, user.username, id)
    }
  }

  get size(): number {
    return this.#users.size
  }

  onChange(listener: ChangeListener): void {
    this.#listeners.push(listener)
  }

  get(userId: string): UserRecord | undefined {
    return this.#users.get(userId)
  }

  /** Exact, case-sensitive match on the stored email, across connections. */
  findByEmail(email: string): UserRecord[] {
    return idsAt(this.#byEmail, email).map((id) => this.#users.get(id)!)
  }

  /** Exact match on the stored (lower-cased) username, across connections. */
  findByUsername(username: string): UserRecord[] {
    return idsAt(this.#byUsername, username).map((id) => this.#users.get(id)!)
  }

  all(): UserRecord[] {
    return [...this.#users.values()]
  }

  /**
   * A live iterator over the users: it sees later writes, so the data file's background
   * snapshot can walk a million users without copying them first (see journal-writer.ts).
   */
  values(): IterableIterator<UserRecord> {
    return this.#users.values()
  }

  /** Inserts a new user; 409 when its id, or its email/username in its connection, is taken. */
  insert(user: UserRecord): void {
    const id = user.user_id as string
    if (this.#users.has(id)) throw duplicate()
    this.#assertUnique(user, id)
    this.#write(id, user)
  }

  /** Replaces an existing user with its new version; 409 when the new email/username is taken. */
  replace(user: UserRecord): void {
    const id = user.user_id as string
    this.#assertUnique(user, id)
    this.#write(id, user)
  }

  /** Removes a user; true when it existed. */
  delete(userId: string): boolean {
    const old = this.#users.get(userId)
    if (old === undefined) return false
    this.#unindex(userId, old)
    this.#users.delete(userId)
    for (const listener of this.#listeners) listener(userId, null)
    return true
  }

  #assertUnique(user: UserRecord, id: string): void {
    const connection = connectionOf(user)
    for (const [index, key] of [
      [this.#byEmail, user.email],
      [this.#byUsername, user.username],
    ] as const) {
      if (typeof key !== 'string') continue
      for (const other of idsAt(index, key)) {
        if (other !== id && connectionOf(this.#users.get(other)!) === connection) throw duplicate()
      }
    }
  }

  #write(id: string, user: UserRecord): void {
    const old = this.#users.get(id)
    if (old !== undefined) this.#unindex(id, old)
    this.#users.set(id, user)
    addTo(this.#byEmail, user.email, id)
    addTo(this.#byUsername, user.username, id)
    for (const listener of this.#listeners) listener(id, user)
  }

  #unindex(id: string, user: UserRecord): void {
    removeFrom(this.#byEmail, user.email, id)
    removeFrom(this.#byUsername, user.username, id)
  }
}

/**
 * key → the id holding it, or the ids when several connections hold it. A plain string for the
 * common case: a Set per key would cost a million Sets (and seconds of start) at a million users.
 */
type KeyIndex = Map<string, string | Set<string>>

function idsAt(index: KeyIndex, key: string): string[] {
  const ids = index.get(key)
  if (ids === undefined) return []
  return typeof ids === 'string' ? [ids] : [...ids]
}

function addTo(index: KeyIndex, key: unknown, id: string): void {
  if (typeof key !== 'string') return
  const ids = index.get(key)
  if (ids === undefined || ids === id) index.set(key, id)
  else if (typeof ids === 'string') index.set(key, new Set([ids, id]))
  else ids.add(id)
}

function removeFrom(index: KeyIndex, key: unknown, id: string): void {
  if (typeof key !== 'string') return
  const ids = index.get(key)
  if (ids === id) index.delete(key)
  else if (typeof ids === 'object') {
    ids.delete(id)
    if (ids.size === 1) index.set(key, [...ids][0]!)
  }
}
