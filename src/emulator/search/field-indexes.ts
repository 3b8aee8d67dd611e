import { resolveField, type FieldSpec } from './field-catalog.js'
import { MetadataIndex } from './metadata-index.js'
import { TEXT_INDEXED } from './query-plan.js'
import { SortedChunks } from './sorted-chunks.js'
import { someLeaf } from './value-walk.js'

type User = Record<string, unknown>

/** `toISOString()`'s shape: for these, string order is time order (and localeCompare's order). */
const CANONICAL_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/**
 * Every per-field index of the searchable users, updated one user at a time (a write touches
 * O(fields × log n) entries, never the whole tenant): an ordered index per root text field in
 * {@link TEXT_INDEXED} (keys lower-cased on case-insensitive fields, as the search compares them),
 * the metadata/identities (path, value) index, and a count of `created_at` values that are not in
 * `toISOString()` form — while it is 0, the default order is also `created_at` time order, and a
 * date range is a binary search over it.
 */
export class FieldIndexes {
  readonly #text = new Map<string, SortedChunks>()
  readonly #specs: readonly FieldSpec[]
  readonly metadata = new MetadataIndex()
  #irregularDates = 0
  #nonText = 0

  constructor() {
    this.#specs = [...TEXT_INDEXED].map((name) => resolveField(name))
    for (const spec of this.#specs) this.#text.set(spec.name, new SortedChunks())
  }

  add(user: User): void {
    for (const spec of this.#specs) {
      const index = this.#text.get(spec.name)!
      for (const key of textKeys(user, spec)) index.insert(key, user)
      this.#nonText += nonTextLeaves(user, spec)
    }
    this.metadata.add(user)
    if (!regularDate(user['created_at'])) this.#irregularDates++
  }

  /** Removes a user added before; the record must be the same object, unchanged. */
  remove(user: User): void {
    for (const spec of this.#specs) {
      const index = this.#text.get(spec.name)!
      for (const key of textKeys(user, spec)) index.remove(key, user)
      this.#nonText -= nonTextLeaves(user, spec)
    }
    this.metadata.remove(user)
    if (!regularDate(user['created_at'])) this.#irregularDates--
  }

  /** The ordered index of a root text field, if it has one. */
  text(field: string): SortedChunks | undefined {
    return this.#text.get(field)
  }

  /**
   * True while the text indexes hold every value of their fields: a number or boolean stored in
   * such a field (only a hand-made seed can do that) has a sort key but no index entry.
   */
  get sortable(): boolean {
    return this.#nonText === 0
  }

  /** True while every `created_at` is absent or in `toISOString()` form. */
  get datesRegular(): boolean {
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

/** Absent (sorts first, never in a range) or canonical. */
function regularDate(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && CANONICAL_DATE.test(value))
}
