import { partitionPoint } from '../partition-point.js'

type User = Record<string, unknown>

// Chunks keep a write to O(log n + chunk): no memmove of a million-element array per write.
const MAX_CHUNK = 512

/**
 * Users in one total order (the default order: `created_at`, then `user_id`), held in chunks so
 * that inserting or removing a user is a binary search plus a shift inside one chunk. Read by
 * position (`slice`), in order (iteration), or by binary search on a monotone condition.
 *
 * @example
 * ```ts
 * const order = UserOrder.fromSorted(users.sort(defaultOrder), defaultOrder)
 * order.insert(newUser)
 * order.slice(0, 50) // the first page
 * ```
 */
export class UserOrder implements Iterable<User> {
  readonly #chunks: User[][] = []
  #size = 0

  private constructor(private readonly compare: (a: User, b: User) => number) {}

  /** Wraps users already sorted by `compare`. */
  static fromSorted(sorted: readonly User[], compare: (a: User, b: User) => number): UserOrder {
    const order = new UserOrder(compare)
    for (let from = 0; from < sorted.length; from += MAX_CHUNK >>> 1) {
      order.#chunks.push(sorted.slice(from, from + (MAX_CHUNK >>> 1)))
    }
    order.#size = sorted.length
    return order
  }

  get size(): number {
    return this.#size
  }

  insert(user: User): void {
    const chunks = this.#chunks
    if (chunks.length === 0) {
      chunks.push([user])
      this.#size = 1
      return
    }
    const at = Math.min(this.#chunkFor(user), chunks.length - 1)
    const chunk = chunks[at]!
    chunk.splice(this.#positionIn(chunk, user), 0, user)
    this.#size++
    if (chunk.length > MAX_CHUNK) chunks.splice(at + 1, 0, chunk.splice(chunk.length >>> 1))
  }

  /** Removes `user` (the same object that was inserted); false when it is not there. */
  remove(user: User): boolean {
    const at = this.#chunkFor(user)
    const chunk = this.#chunks[at]
    if (chunk === undefined) return false
    const position = this.#positionIn(chunk, user)
    if (chunk[position] !== user) return false
    chunk.splice(position, 1)
    this.#size--
    if (chunk.length === 0) this.#chunks.splice(at, 1)
    return true
  }

  /** The users at positions [from, to). */
  slice(from: number, to: number): User[] {
    const out: User[] = []
    let offset = 0
    for (const chunk of this.#chunks) {
      if (offset >= to) break
      const end = offset + chunk.length
      if (end > from) out.push(...chunk.slice(Math.max(0, from - offset), to - offset))
      offset = end
    }
    return out
  }

  /** The first position whose user does not satisfy `before` (which must hold on a prefix). */
  firstPositionNot(before: (user: User) => boolean): number {
    const chunks = this.#chunks
    const low = partitionPoint(chunks.length, (c) => before(chunks[c]!.at(-1)!))
    let offset = 0
    for (let c = 0; c < low; c++) offset += chunks[c]!.length
    const chunk = chunks[low]
    if (chunk === undefined) return offset
    return offset + partitionPoint(chunk.length, (i) => before(chunk[i]!))
  }

  /** The users at positions [from, to), lazily: a page read from a big slice copies no more. */
  *between(from: number, to: number): Generator<User> {
    let offset = 0
    for (const chunk of this.#chunks) {
      if (offset >= to) return
      const end = offset + chunk.length
      for (let i = Math.max(0, from - offset); i < chunk.length && offset + i < to; i++) {
        yield chunk[i]!
      }
      offset = end
    }
  }

  /** The users at positions [from, to), last first, lazily. */
  *betweenBackward(from: number, to: number): Generator<User> {
    let offset = this.#size
    for (let c = this.#chunks.length - 1; c >= 0; c--) {
      const chunk = this.#chunks[c]!
      offset -= chunk.length
      if (offset >= to) continue
      for (let i = Math.min(chunk.length, to - offset) - 1; i >= 0 && offset + i >= from; i--) {
        yield chunk[i]!
      }
      if (offset <= from) return
    }
  }

  *[Symbol.iterator](): Iterator<User> {
    for (const chunk of this.#chunks) yield* chunk
  }

  /** First chunk whose last user does not sort before `user`; may be chunks.length. */
  #chunkFor(user: User): number {
    const chunks = this.#chunks
    return partitionPoint(chunks.length, (c) => this.compare(chunks[c]!.at(-1)!, user) < 0)
  }

  #positionIn(chunk: readonly User[], user: User): number {
    return partitionPoint(chunk.length, (i) => this.compare(chunk[i]!, user) < 0)
  }
}
