import { resolveField, type FieldSpec } from './field-catalog.js'
import { SearchQueryError } from './search-query-error.js'
import { someLeaf } from './value-walk.js'

type User = Record<string, unknown>
type SortKey = number | string | undefined

// Pattern from the Management API spec (older OAS) for the `sort` query parameter.
const SORT_PATTERN = /^([a-zA-Z0-9_.]+):(1|-1)$/

/** The field and direction a valid `sort` names; throws what {@link compileSort} throws. */
export function parseSort(sort: string): { field: FieldSpec; direction: 1 | -1 } {
  const match = SORT_PATTERN.exec(sort)
  if (!match) {
    throw new SearchQueryError(
      `Query validation error: 'String does not match pattern ^(([a-zA-Z0-9_\\.]+))\\:(1|-1)$: ${sort}' on property sort (Field to sort by. Use field:order where order is 1 for ascending and -1 for descending. e.g. created_at:1).`,
    )
  }
  const [, name, order] = match as unknown as [string, string, string]
  return { field: sortableField(name), direction: order === '1' ? 1 : -1 }
}

/**
 * Parses `field:1` (ascending) or `field:-1` (descending) into a comparator over that field only;
 * the caller appends its own tie-break. Users without a value sort last in both directions
 * (Elasticsearch's `missing: _last`). Several values (e.g. `identities.connection`) sort by the
 * smallest ascending and the largest descending, as Elasticsearch does. Metadata fields are
 * refused, as Auth0 documents. Compile per request: keys are cached per user object.
 *
 * @example
 * ```ts
 * users.sort(compileSort('created_at:-1')) // newest first
 * ```
 */
export function compileSort(sort: string): (a: User, b: User) => number {
  const { field, direction } = parseSort(sort)
  // One lookup per comparison: null marks a user already seen without a value.
  const keys = new WeakMap<User, number | string | null>()
  const keyOf = (user: User): SortKey => {
    const cached = keys.get(user)
    if (cached !== undefined) return cached ?? undefined
    const key = extractKey(user, field, direction)
    keys.set(user, key ?? null)
    return key
  }
  return (a, b) => {
    const ka = keyOf(a)
    const kb = keyOf(b)
    if (ka === undefined || kb === undefined) return ka === kb ? 0 : ka === undefined ? 1 : -1
    return direction * compareKeys(ka, kb)
  }
}

function sortableField(name: string): FieldSpec {
  if (name === 'app_metadata' || name === 'user_metadata' || /^(app|user)_metadata\./.test(name)) {
    throw new SearchQueryError(
      `Query validation error: sorting by app_metadata or user_metadata fields is not supported (sort=${name}).`,
    )
  }
  let field: FieldSpec
  try {
    field = resolveField(name)
  } catch (error) {
    throw new SearchQueryError(`Query validation error: cannot sort by unknown field "${name}".`, {
      cause: error,
    })
  }
  if (field.kind === 'object') {
    throw new SearchQueryError(
      `Query validation error: cannot sort by object field "${name}", use one of its sub-fields.`,
    )
  }
  return field
}

/** The smallest (ascending) or largest (descending) indexed value, normalised for comparison. */
function extractKey(user: User, field: FieldSpec, direction: 1 | -1): SortKey {
  let best: SortKey
  someLeaf(user, field, (value) => {
    const key = normalise(value, field)
    if (key !== undefined && (best === undefined || direction * compareKeys(key, best) < 0))
      best = key
    return false
  })
  return best
}

function normalise(value: string | number | boolean, field: FieldSpec): SortKey {
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'number') return value
  if (field.kind === 'date') {
    const ms = Date.parse(value)
    return Number.isNaN(ms) ? undefined : ms
  }
  return field.caseInsensitive ? value.toLowerCase() : value
}

/** Numbers before strings when a metadata-like field mixes them; strings by UTF-16 code units. */
function compareKeys(a: number | string, b: number | string): number {
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}
