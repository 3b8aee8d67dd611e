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

/** One path (`app_metadata.plan`): its values, and the paths one key further down. */
interface PathNode {
  readonly values: Map<Leaf, Holders>
  readonly children: Map<string, PathNode>
}

/**
 * (path, value) → users, for `app_metadata.*`, `user_metadata.*` and `identities.*`. A path is the
 * chain of keys, transparent to arrays as the search is (`user_metadata.addresses.city`); paths
 * form a tree, so indexing a user builds no path strings. Values keep their JSON type (Map keys:
 * `42` and `"42"` differ, as the compiled test's do). A user with too many or too deep leaves goes
 * to an overflow set that every lookup includes; once the path budget is spent, a path not in the
 * tree answers "cannot say" (undefined).
 *
 * @example
 * ```ts
 * index.lookup('app_metadata.plan', ['gold'])?.list() // the users whose plan is "gold"
 * ```
 */
export class MetadataIndex {
  readonly #root: PathNode = { values: new Map(), children: new Map() }
  readonly #overflow = new Set<User>()
  #paths = 0
  #full = false

  add(user: User): void {
    const leaves = this.#leavesOf(user, true)
    if (leaves === undefined) {
      this.#overflow.add(user)
      return
    }
    for (let i = 0; i < leaves.length; i += 2) {
      const values = leaves[i] as Map<Leaf, Holders>
      const value = leaves[i + 1] as Leaf
      const held = values.get(value)
      if (held === undefined) values.set(value, user)
      else if (held instanceof Set) held.add(user)
      else if (held !== user) values.set(value, new Set([held, user]))
    }
  }

  remove(user: User): void {
    if (this.#overflow.delete(user)) return
    const leaves = this.#leavesOf(user, false) ?? []
    for (let i = 0; i < leaves.length; i += 2) {
      const values = leaves[i] as Map<Leaf, Holders>
      const value = leaves[i + 1] as Leaf
      const held = values.get(value)
      if (held === user) values.delete(value)
      else if (held instanceof Set) {
        held.delete(user)
        if (held.size === 1) values.set(value, held.values().next().value!)
      }
    }
  }

  /**
   * Users holding any of `values` at `path` (a superset is fine), or undefined: not indexed.
   * `size` (an upper bound) comes first; the list is only built when asked for.
   */
  lookup(path: string, values: readonly Leaf[]): { size: number; list: () => User[] } | undefined {
    let node: PathNode | undefined = this.#root
    for (const key of path.split('.')) node = node?.children.get(key)
    if (node === undefined && this.#full) return undefined
    const held = values.map((value) => node?.values.get(value))
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

  /**
   * Flat [values-map, value, …] of a user's dynamic leaves; undefined past the bounds. Adding
   * grows the path tree (within its budget); removing only follows it.
   */
  #leavesOf(user: User, grow: boolean): unknown[] | undefined {
    const out: unknown[] = []
    for (const root of DYNAMIC_ROOTS) {
      if (!Object.hasOwn(user, root)) continue
      const node = this.#child(this.#root, root, grow)
      if (!this.#collect(user[root], node, 0, out, grow)) return undefined
    }
    return out
  }

  #collect(
    value: unknown,
    node: PathNode | undefined,
    depth: number,
    out: unknown[],
    grow: boolean,
  ): boolean {
    if (value === null || value === undefined) return true
    if (Array.isArray(value)) {
      for (const element of value) if (!this.#collect(element, node, depth, out, grow)) return false
      return true
    }
    if (typeof value !== 'object') {
      if (out.length >= 2 * MAX_LEAVES_PER_USER) return false
      if (node !== undefined) out.push(node.values, value)
      return true
    }
    if (depth >= MAX_DEPTH) return false
    for (const key of Object.keys(value)) {
      const child = node && this.#child(node, key, grow)
      if (!this.#collect((value as User)[key], child, depth + 1, out, grow)) return false
    }
    return true
  }

  /** The node one key down; undefined when it does not exist (or the budget is spent). */
  #child(node: PathNode, key: string, grow: boolean): PathNode | undefined {
    let child = node.children.get(key)
    if (child !== undefined || !grow) return child
    if (this.#paths >= MAX_PATHS) {
      this.#full = true
      return undefined
    }
    child = { values: new Map(), children: new Map() }
    node.children.set(key, child)
    this.#paths++
    return child
  }
}
