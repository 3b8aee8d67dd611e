import type { Lookup, LookupScalar, LookupValue } from 'auth0plus'
import { HttpError } from './http-error.js'
import { scopedRawQuery } from './raw-query.js'

/** Auth0 search never serves a result past the 1000th (its paging cap). */
export const SEARCH_CAP = 1000
export const DEFAULT_PAGE_SIZE = 50
/** Auth0's own `per_page` maximum: one page of ours is one request upstream. */
export const MAX_PAGE_SIZE = 100

/** GET /users, parsed: the filter, the window, and how the caller asked for it (echoed back). */
export interface ListParams {
  /** A lookup for `auth0.users.query()`; its `q` key is raw lucene (parenthesised) ANDed with the rest. */
  filter: Lookup | undefined
  offset: number
  limit: number
  /** The paging fields to echo: `{ page, per_page }` or `{ offset, limit }`. */
  paging: Record<string, number>
  /** `orderBy` syntax: `created_at` or `-created_at`. */
  sort: string | undefined
  fields: string[] | undefined
}

const PAGE_STYLE = ['page', 'per_page']
const OFFSET_STYLE = ['offset', 'limit']
const RESERVED: ReadonlySet<string> = new Set([
  ...PAGE_STYLE,
  ...OFFSET_STYLE,
  'q',
  'sort',
  'fields',
])
const BOOLEAN_FIELDS: ReadonlySet<string> = new Set(['blocked', 'email_verified', 'phone_verified'])
const RANGE_SUFFIXES = ['__gt', '__gte', '__lt', '__lte', '__range']

/**
 * Reads `?page&per_page` or `?offset&limit`, `q`, `sort`, `fields` and lookup parameters
 * (`email=b*`, `logins_count__gte=3`, `email__in=a@x.io,b@x.io`). Lookup keys are checked by
 * the library (an unknown field is its `InvalidLookup`, a 400).
 *
 * @example
 * parseListParams(new URLSearchParams('email=b*&page=2&per_page=10'))
 * // → { filter: { email: 'b*' }, offset: 20, limit: 10, paging: { page: 2, per_page: 10 }, ... }
 */
export function parseListParams(search: URLSearchParams): ListParams {
  const single = new Map<string, string>()
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key)
    if (values.length > 1) {
      throw new HttpError(400, `Give '${key}' once, not ${values.length} times.`)
    }
    single.set(key, values[0]!)
  }
  const { offset, limit, paging } = pagingWindow(single)
  // Keys are the caller's: `?__proto__=x` must be a key like any other (then refused by the
  // library as an unknown field), not a prototype assignment that drops the filter.
  const filter: Record<string, LookupValue> = Object.create(null) as Record<string, LookupValue>
  for (const [key, value] of single) {
    if (key === 'q') {
      if (value.trim() === '') {
        throw new HttpError(400, "'q' is empty; leave it out to list every user.")
      }
      filter.q = scopedRawQuery(value)
    } else if (!RESERVED.has(key)) {
      filter[key] = lookupValue(key, value)
    }
  }
  const fields = single
    .get('fields')
    ?.split(',')
    .map((field) => field.trim())
  if (fields?.some((field) => field === '')) {
    throw new HttpError(400, "'fields' is a comma-separated list of field names.")
  }
  return {
    filter: Object.keys(filter).length > 0 ? filter : undefined,
    offset,
    limit,
    paging,
    sort: single.get('sort'),
    fields,
  }
}

function pagingWindow(
  params: ReadonlyMap<string, string>,
): Omit<ListParams, 'filter' | 'sort' | 'fields'> {
  const pageStyle = PAGE_STYLE.some((key) => params.has(key))
  if (pageStyle && OFFSET_STYLE.some((key) => params.has(key))) {
    throw new HttpError(400, 'Page with page/per_page or with offset/limit, not both.')
  }
  const [first, size] = pageStyle ? PAGE_STYLE : OFFSET_STYLE
  const problems: string[] = []
  const start = integer(params, first!, 0, 0, SEARCH_CAP, problems)
  const limit = integer(params, size!, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, problems)
  if (problems.length > 0) throw HttpError.invalid(problems)
  const offset = pageStyle ? start * limit : start
  if (offset + limit > SEARCH_CAP) {
    throw new HttpError(
      400,
      `Auth0 search serves only the first ${SEARCH_CAP} matches (this page ends at ${offset + limit}); narrow the filter to reach later users.`,
    )
  }
  return { offset, limit, paging: { [first!]: start, [size!]: limit } }
}

function integer(
  params: ReadonlyMap<string, string>,
  key: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = params.get(key)
  if (raw === undefined) return fallback
  const value = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN
  if (!(value >= min && value <= max)) {
    problems.push(`'${key}' must be an integer from ${min} to ${max}`)
  }
  return value
}

/**
 * A query-string value as the lookup builder wants it: lists for `__in`/`__range`, booleans
 * for `__exists` and the boolean fields, numbers for numeric range bounds (`logins_count__gte=3`
 * must be `[3 TO *]`, not a string range). Everything else stays a string, wildcards included.
 */
function lookupValue(key: string, raw: string): LookupValue {
  if (key.endsWith('__exists')) return flag(key, raw)
  if (key.endsWith('__in')) return raw.split(',').map((item) => scalar(key, item))
  if (key.endsWith('__range')) return raw.split(',').map((item) => bound(item))
  if (RANGE_SUFFIXES.some((suffix) => key.endsWith(suffix))) return bound(raw)
  return scalar(key, raw)
}

function scalar(key: string, raw: string): LookupScalar {
  const field = key.replace(/__(in|exact)$/, '')
  return BOOLEAN_FIELDS.has(field) ? flag(key, raw) : raw
}

function bound(raw: string): LookupScalar {
  return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw
}

function flag(key: string, raw: string): boolean {
  if (raw !== 'true' && raw !== 'false') throw new HttpError(400, `'${key}' must be true or false.`)
  return raw === 'true'
}
