import { partitionPoint } from '../partition-point.js'

/** A user record as the search index holds it. */
type User = Record<string, unknown>

interface Chunk {
  keys: string[]
  users: User[]
}

// Small enough that a splice inside a chunk is a short memmove, large enough that the chunk
// list itself stays short (2,000 chunks at a million entries).
const MAX_CHUNK = 512

/** UTF-16 code-unit order, the order Elasticsearch and `compileSort` use for keywords. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function compareEntry(key: string, user: User, otherKey: string, other: User): number {
  return compareText(key, otherKey) || compareText(String(user.user_id), String(other.user_id))
}

/**
 * An ordered multiset of (key, user) entries — one per indexed value of a field — kept in chunks
 * so that inserting or removing one entry costs a binary search plus a splice of at most
 * {@link MAX_CHUNK} elements, never a copy of the whole index. Entries order by key (code units),
 * then `user_id`. Keys are held, not copied: a key is the stored value or its lower-cased form.
 *
 * @example
 * ```ts
 * const emails = new SortedChunks()
 * emails.insert('jane@x.io', jane)
 * emails.walk('ja', 1, (key, user) => key.startsWith('ja')) // visits jane, stops after the prefix
 * ```
 */
export class SortedChunks {
  readonly #chunks: Chunk[] = []
  #size = 0

  /**
   * Builds an index from unordered entries in one sort — what a bulk load costs, instead of one
   * binary search and shift per entry.
   */
  static build(keys: readonly string[], users: readonly User[]): SortedChunks {
    const order = Array.from(keys, (_, i) => i)
    order.sort((a, b) => compareEntry(keys[a]!, users[a]!, keys[b]!, users[b]!))
    const index = new SortedChunks()
    const half = MAX_CHUNK >>> 1
    for (let from = 0; from < order.length; from += half) {
      const slice = order.slice(from, from + half)
      index.#chunks.push({ keys: slice.map((i) => keys[i]!), users: slice.map((i) => users[i]!) })
    }
    index.#size = order.length
    return index
  }

  /** How many entries are held. */
  get size(): number {
    return this.#size
  }

  insert(key: string, user: User): void {
    const chunks = this.#chunks
    if (chunks.length === 0) {
      chunks.push({ keys: [key], users: [user] })
      this.#size = 1
      return
    }
    const at = Math.min(this.#chunkFor(key, user), chunks.length - 1)
    const chunk = chunks[at]!
    insertAt(chunk, positionIn(chunk, key, user), key, user)
    this.#size++
    if (chunk.keys.length > MAX_CHUNK) {
      const half = chunk.keys.length >>> 1
      chunks.splice(at + 1, 0, { keys: chunk.keys.splice(half), users: chunk.users.splice(half) })
    }
  }

  /** Removes the entry (key, user); false when it was not there. */
  remove(key: string, user: User): boolean {
    const at = this.#chunkFor(key, user)
    const chunk = this.#chunks[at]
    if (chunk === undefined) return false
    const position = positionIn(chunk, key, user)
    if (chunk.keys[position] !== key || chunk.users[position] !== user) return false
    removeAt(chunk, position)
    this.#size--
    if (chunk.keys.length === 0) this.#chunks.splice(at, 1)
    return true
  }

  /**
   * Visits entries in key order (`direction` 1) from the first key ≥ `from`, or in reverse order
   * (-1) from the last key ≤ `from`; `from` undefined starts at the end the direction begins at.
   * Stops as soon as `visit` returns false.
   */
  walk(
    from: string | undefined,
    direction: 1 | -1,
    visit: (key: string, user: User) => boolean,
  ): void {
    const chunks = this.#chunks
    let c: number
    let i: number
    if (direction === 1) {
      c = from === undefined ? 0 : this.#firstChunkWith(from)
      i = c < chunks.length && from !== undefined ? lowerKey(chunks[c]!.keys, from) : 0
      for (; c < chunks.length; c++, i = 0) {
        const { keys, users } = chunks[c]!
        for (; i < keys.length; i++) if (!visit(keys[i]!, users[i]!)) return
      }
      return
    }
    c = from === undefined ? chunks.length - 1 : this.#lastChunkWith(from)
    i =
      c >= 0
        ? (from === undefined ? chunks[c]!.keys.length : upperKey(chunks[c]!.keys, from)) - 1
        : -1
    for (; c >= 0; c--, i = c >= 0 ? chunks[c]!.keys.length - 1 : -1) {
      const { keys, users } = chunks[c]!
      for (; i >= 0; i--) if (!visit(keys[i]!, users[i]!)) return
    }
  }

  /** First chunk whose last entry is not before (key, user); may be chunks.length. */
  #chunkFor(key: string, user: User): number {
    const chunks = this.#chunks
    return partitionPoint(chunks.length, (c) => {
      const { keys, users } = chunks[c]!
      const last = keys.length - 1
      return compareEntry(keys[last]!, users[last]!, key, user) < 0
    })
  }

  /** First chunk whose last key is ≥ `key`. */
  #firstChunkWith(key: string): number {
    const chunks = this.#chunks
    return partitionPoint(chunks.length, (c) => chunks[c]!.keys.at(-1)! < key)
  }

  /** Last chunk whose first key is ≤ `key` (-1 when none). */
  #lastChunkWith(key: string): number {
    const chunks = this.#chunks
    return partitionPoint(chunks.length, (c) => chunks[c]!.keys[0]! <= key) - 1
  }
}

// Shifting by hand: Array#splice allocates the removed-elements array and is several times slower.
function insertAt(chunk: Chunk, position: number, key: string, user: User): void {
  const { keys, users } = chunk
  for (let i = keys.length; i > position; i--) {
    keys[i] = keys[i - 1]!
    users[i] = users[i - 1]!
  }
  keys[position] = key
  users[position] = user
}

function removeAt(chunk: Chunk, position: number): void {
  const { keys, users } = chunk
  for (let i = position + 1; i < keys.length; i++) {
    keys[i - 1] = keys[i]!
    users[i - 1] = users[i]!
  }
  keys.length--
  users.length--
}

function positionIn(chunk: Chunk, key: string, user: User): number {
  const { keys, users } = chunk
  return partitionPoint(keys.length, (i) => compareEntry(keys[i]!, users[i]!, key, user) < 0)
}

/** First index whose key is ≥ `key`. */
function lowerKey(keys: readonly string[], key: string): number {
  return partitionPoint(keys.length, (i) => keys[i]! < key)
}

/** First index whose key is > `key`. */
function upperKey(keys: readonly string[], key: string): number {
  return partitionPoint(keys.length, (i) => keys[i]! <= key)
}
