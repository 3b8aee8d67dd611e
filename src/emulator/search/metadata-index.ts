import type { Leaf } from './value-walk.js'

type User = Record<string, unknown>
type Holders = User | Set<User>

/** The dynamically typed roots: every leaf below them is indexed by its path and JSON value. */
export const DYNAMIC_ROOTS = ['app_metadata', 'user_metadata', 'identities'] as const

// Bounds, because metadata is written by clients: a tenant cannot grow the index without limit.
// Past them a user or a path is simply not indexed, and lookups fall back to scanning.
const MAX_PATHS = 1000
const MAX_DEPTH = 8
const MAX_LEAVES_PER_USER = 256

/**
 * (path, value) → users, for `app_metadata.*`, `user_metadata.*` and `identities.*`. A path joins
 * the keys with dots and is transparent to arrays, as the search is (`user_metadata.addresses.city`).
 * Values keep their JSON type (Map keys: `42` and `"42"` differ, as the compiled test's do).
 * A user with too many or too deep leaves goes to an overflow set that every lookup includes;
 * once the path budget is spent, an unknown path answers "cannot say" (undefined).
 *
 * @example
 * ```ts
 * index.lookup('app_metadata.plan', ['gold']) // the users whose plan is "gold"
 * ```
 */
export class MetadataIndex {
  readonly #paths = new Map<string, Map<Leaf, Holders>>()
  readonly #overflow = new Set<User>()
  #full = false

  add(user: User): void {
    const leaves = leavesOf(user)
    if (leaves === undefined) {
      this.#overflow.add(user)
      return
    }
    for (let i = 0; i < leaves.length; i += 2) {
      const path = leaves[i] as string
      let values = this.#paths.get(path)
      if (values === undefined) {
        if (this.#paths.size >= MAX_PATHS) {
          this.#full = true
          continue
        }
        values = new Map()
        this.#paths.set(path, values)
      }
      const value = leaves[i + 1] as Leaf
      const held = values.get(value)
      if (held === undefined) values.set(value, user)
      else if (held instanceof Set) held.add(user)
      else if (held !== user) values.set(value, new Set([held, user]))
    }
  }

  remove(user: User): void {
    if (this.#overflow.delete(user)) return
    const leaves = leavesOf(user) ?? []
    for (let i = 0; i < leaves.length; i += 2) {
      const values = this.#paths.get(leaves[i] as string)
      const value = leaves[i + 1] as Leaf
      const held = values?.get(value)
      if (held === undefined) continue
      if (held === user) values!.delete(value)
      else if (held instanceof Set) {
        held.delete(user)
        if (held.size === 1) values!.set(value, held.values().next().value!)
      }
    }
  }

  /**
   * Users holding any of `values` at `path` (a superset is fine), or undefined: not indexed.
   * `size` (an upper bound) comes first; the list is only built when asked for.
   */
  lookup(
    path: string,
    values: readonly Leaf[],
  ): { size: number; list: () => User[] } | undefined {
    const byValue = this.#paths.get(path)
    if (byValue === undefined && this.#full) return undefined
    const held = values.map((value) => byValue?.get(value))
    let size = this.#overflow.size
    for (const holders of held) size += holders instanceof Set ? holders.size : holders ? 1 : 0
    const list = () => {
      const found = new Set<User>(this.#overflow)
      for (const holders of held) {
        if (holders instanceof Set) for (const user of holders) found.add(user)
        else if (holders !== undefined) found.add(holders)
      }
      return [...found]
    }
    return { size, list }
  }
}

/** Flat [path, value, path, value, …] of a user's dynamic leaves; undefined past the bounds. */
function leavesOf(user: User): unknown[] | undefined {
  const out: unknown[] = []
  for (const root of DYNAMIC_ROOTS) {
    if (!Object.hasOwn(user, root)) continue
    if (!collect(user[root], root, 0, out)) return undefined
  }
  return out
}

function collect(node: unknown, path: string, depth: number, out: unknown[]): boolean {
  if (node === null || node === undefined) return true
  if (Array.isArray(node)) {
    for (const element of node) if (!collect(element, path, depth, out)) return false
    return true
  }
  if (typeof node !== 'object') {
    if (out.length >= 2 * MAX_LEAVES_PER_USER) return false
    out.push(path, node)
    return true
  }
  if (depth >= MAX_DEPTH) return false
  for (const key of Object.keys(node)) {
    if (!collect((node as User)[key], `${path}.${key}`, depth + 1, out)) return false
  }
  return true
}
