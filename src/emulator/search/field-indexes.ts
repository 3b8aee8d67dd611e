import { resolveField, type FieldSpec } from './field-catalog.js'
import { isCanonicalDate } from './instant-range.js'
import { MetadataIndex } from './metadata-index.js'
import { TEXT_INDEXED } from './query-plan.js'
import { SortedChunks } from './sorted-chunks.js'
import { someLeaf } from './value-walk.js'

type User = Record<string, unknown>

interface TextIndex {
  readonly spec: FieldSpec
  entries: SortedChunks | undefined
  /** Numbers or booleans stored in the field: they sort, but have no entry. */
  nonText: number
}

/**
 * Every per-field index of the searchable users: an ordered index per root text field in
 * {@link TEXT_INDEXED} (keys lower-cased on case-insensitive fields, as the search compares them),
 * the metadata/identities (path, value) index, and a count of `created_at` values that are not in
 * `toISOString()` form — while it is 0, the default order is also time order, and a date range is
 * a binary search over it.
 *
 * Each index is built on first use, in one pass (a sort) over the users then searchable, so
 * loading a million users costs nothing until a query needs an index; from then on it is kept
 * up to date one user at a time (O(log n) per entry), never rebuilt.
 */
export class FieldIndexes {
  readonly #text = new Map<string, TextIndex>()
  #metadata: MetadataIndex | undefined
  #irregularDates: number | undefined

  /** @param users the searchable users, read when an index is first built. */
  constructor(private readonly users: () => Iterable<User>) {
    for (const name of TEXT_INDEXED) {
      this.#text.set(name, { spec: resolveField(name), entries: undefined, nonText: 0 })
    }
  }

  /** Indexes a user that just became searchable (the users source already holds it). */
  add(user: User): void {
    for (const index of this.#text.values()) {
      if (index.entries === undefined) continue
      for (const key of textKeys(user, index.spec)) index.entries.insert(key, user)
      index.nonText += nonTextLeaves(user, index.spec)
    }
    this.#metadata?.add(user)
    if (this.#irregularDates !== undefined && !regularDate(user)) this.#irregularDates++
  }

  /** Removes a user added before; the record must be the same object, unchanged. */
  remove(user: User): void {
    for (const index of this.#text.values()) {
      if (index.entries === undefined) continue
      for (const key of textKeys(user, index.spec)) index.entries.remove(key, user)
      index.nonText -= nonTextLeaves(user, index.spec)
    }
    this.#metadata?.remove(user)
    if (this.#irregularDates !== undefined && !regularDate(user)) this.#irregularDates--
  }

  /** The ordered index of a root text field, if it has one. */
  text(field: string): SortedChunks | undefined {
    const index = this.#text.get(field)
    if (index === undefined) return undefined
    if (index.entries === undefined) {
      const keys: string[] = []
      const holders: User[] = []
      for (const user of this.users()) {
        for (const key of textKeys(user, index.spec)) {
          keys.push(key)
          holders.push(user)
        }
        index.nonText += nonTextLeaves(user, index.spec)
      }
      index.entries = SortedChunks.build(keys, holders)
    }
    return index.entries
  }

  /**
   * True while the field's index holds every value of the field: a number or boolean stored in
   * a text field (only a hand-made seed can do that) has a sort key but no entry.
   */
  sortable(field: string): boolean {
    return this.text(field) !== undefined && this.#text.get(field)!.nonText === 0
  }

  /** The metadata/identities (path, value) index. */
  get metadata(): MetadataIndex {
    if (this.#metadata === undefined) {
      this.#metadata = new MetadataIndex()
      for (const user of this.users()) this.#metadata.add(user)
    }
    return this.#metadata
  }

  /** True while every `created_at` is absent or in `toISOString()` form. */
  get datesRegular(): boolean {
    if (this.#irregularDates === undefined) {
      this.#irregularDates = 0
      for (const user of this.users()) if (!regularDate(user)) this.#irregularDates++
    }
    return this.#irregularDates === 0
  }
}

/** The index keys of one field: each string leaf, lower-cased where the search folds case. */
function textKeys(user: User, spec: FieldSpec): string[] {
  const keys: string[] = []
  someLeaf(user, spec, (value) => {
    if (typeof value === 'string') keys.push(spec.caseInsensitive ? value.toLowerCase() : value)
    return false
  })
  return keys
}

function nonTextLeaves(user: User, spec: FieldSpec): number {
  let count = 0
  someLeaf(user, spec, (value) => {
    if (typeof value !== 'string') count++
    return false
  })
  return count
}

/** `created_at` absent (sorts first, never in a range) or canonical. */
function regularDate(user: User): boolean {
  const value = user['created_at']
  return (
    value === undefined || value === null || (typeof value === 'string' && isCanonicalDate(value))
  )
}
