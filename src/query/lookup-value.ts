import { escapeRangeBound, escapeTerm, escapeWildcard, quotePhrase } from './escape.js'
import type { FieldPath } from './field-path.js'
import { invalidLookup } from './invalid-lookup.js'

/** One value a lookup can compare a field with. */
export type LookupScalar = string | number | boolean | Date

/** What a lookup key maps to: a scalar, or a list for `__in` and `__range`. */
export type LookupValue = LookupScalar | readonly LookupScalar[]

/** A range bound: numbers are written bare, strings and Dates (as ISO strings) escaped. */
export type RangeBound = string | number | Date

// Auth0 refuses wildcards on metadata (auth0-api.md §2); the team refuses app_metadata too.
const NO_WILDCARD_ROOTS: ReadonlySet<string> = new Set(['user_metadata', 'app_metadata'])

// No Lucene parser lets these be escaped inside an unquoted term: real Lucene and the `lucene`
// npm parser split on them (the npm parser has no escape for them either).
const UNESCAPABLE_IN_TERM = /[\t\n\r\f\u3000]/

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Check that a value is a searchable scalar, with a message that says what to do instead.
 *
 * @example
 * checkScalar(path, null) // throws: null is not a value; use "email__exists: false" ...
 */
export function checkScalar(path: FieldPath, value: unknown): asserts value is LookupScalar {
  if (value === undefined) {
    throw invalidLookup(
      path.key,
      'the value is undefined, which is almost always an unset variable',
    )
  }
  if (value === null) {
    throw invalidLookup(
      path.key,
      `null is not a searchable value; to find users without this field use { ${path.field.replaceAll('.', '__')}__exists: false }`,
    )
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw invalidLookup(path.key, `${value} cannot be searched; only finite numbers can`)
  }
  if (value instanceof Date && Number.isNaN(value.getTime())) {
    throw invalidLookup(path.key, 'the Date is invalid')
  }
  if (typeof value === 'string' && LONE_SURROGATE.test(value)) {
    throw invalidLookup(path.key, 'the string is not well-formed unicode (it has a lone surrogate)')
  }
  const ok = ['string', 'number', 'boolean'].includes(typeof value) || value instanceof Date
  if (!ok) {
    const what = Array.isArray(value) ? 'a list' : typeof value
    throw invalidLookup(
      path.key,
      `${what} is not a searchable value (use a string, number, boolean or Date; lists go with __in or __range, nested metadata with a dotted key such as user_metadata.address.city)`,
    )
  }
}

/**
 * The right-hand side of `field:...` for one value: booleans and numbers bare, Dates and strings
 * quoted, strings with `*` as a wildcard term unless `exact`.
 *
 * @example
 * renderValue(path, 'jo*', false) // → jo*
 * renderValue(path, 'a "b"', false) // → "a \"b\""
 */
export function renderValue(path: FieldPath, value: unknown, exact: boolean): string {
  checkScalar(path, value)
  if (typeof value === 'boolean') return String(value)
  if (typeof value === 'number') return escapeTerm(String(value))
  if (value instanceof Date) return quotePhrase(value.toISOString())
  if (!exact && value.includes('*')) return renderWildcard(path, value)
  return quotePhrase(value)
}

function renderWildcard(path: FieldPath, value: string): string {
  const exactHint = `; to match a literal "*" use ${path.field.replaceAll('.', '__')}__exact`
  if (NO_WILDCARD_ROOTS.has(path.root)) {
    throw invalidLookup(path.key, `Auth0 does not allow wildcards on ${path.root}${exactHint}`)
  }
  if (/^\*+$/.test(value)) {
    throw invalidLookup(
      path.key,
      `a value of only "*" matches any value; use { ${path.field.replaceAll('.', '__')}__exists: true }`,
    )
  }
  if (value.includes('?')) {
    throw invalidLookup(
      path.key,
      `Auth0 has no "?" wildcard; use "*" for any run of characters, or __exact to match "?" and "*" literally`,
    )
  }
  const afterLeading = value.replace(/^\*+/, '')
  if (afterLeading !== value && [...afterLeading.split('*')[0]!].length < 3) {
    throw invalidLookup(
      path.key,
      `a leading "*" needs at least 3 literal characters right after it (Auth0 refuses shorter suffix searches)${exactHint}`,
    )
  }
  if (UNESCAPABLE_IN_TERM.test(value)) {
    throw invalidLookup(
      path.key,
      `a wildcard value cannot hold tabs, line breaks or ideographic spaces (Lucene cannot escape them in a term)${exactHint}`,
    )
  }
  if (/^[<>]/.test(value)) {
    // Elasticsearch reads `field:>x` as a range and cannot escape `<` or `>`.
    throw invalidLookup(path.key, `a wildcard value cannot start with "<" or ">"${exactHint}`)
  }
  return escapeWildcard(value)
}

/**
 * One bound of a range, as Lucene reads it back: numbers bare, Dates as ISO strings, strings
 * escaped (the `lucene` parser refuses quoted bounds, so quoting is not an option).
 *
 * @example
 * renderRangeBound(path, new Date(0)) // → 1970-01-01T00:00:00.000Z
 */
export function renderRangeBound(path: FieldPath, value: unknown): string {
  checkScalar(path, value)
  if (typeof value === 'boolean') {
    throw invalidLookup(
      path.key,
      'a range bound must be a number, a string or a Date, not a boolean',
    )
  }
  if (typeof value === 'number') return String(value)
  if (value instanceof Date) return value.toISOString()
  if (value === '' || value === 'TO') {
    throw invalidLookup(path.key, `${JSON.stringify(value)} cannot be a range bound`)
  }
  if (/[\s\]}]/.test(value)) {
    throw invalidLookup(
      path.key,
      `a range bound cannot contain whitespace, "]" or "}" (no Lucene parser can escape them there)`,
    )
  }
  return escapeRangeBound(value)
}
