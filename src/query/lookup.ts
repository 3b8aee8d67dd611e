import { parseFieldPath, type FieldPath } from './field-path.js'
import { invalidLookup } from './invalid-lookup.js'
import { checkScalar, renderRangeBound, renderValue, type LookupValue } from './lookup-value.js'
import { EMPTY, clause, combine, negate, type QNode } from './q-node.js'

/**
 * A Django-style lookup: keys are fields (dotted or `__`-separated) with an optional suffix,
 * several keys are ANDed in insertion order.
 *
 * @example
 * const lookup: Lookup = { email: 'a@b.c', logins_count__gte: 10 }
 * // → email:"a@b.c" AND logins_count:[10 TO *]
 */
export type Lookup = Readonly<Record<string, LookupValue>>

const RANGE_SHAPES = {
  gt: ['{', ' TO *]'],
  gte: ['[', ' TO *]'],
  lt: ['[* TO ', '}'],
  lte: ['[* TO ', ']'],
} as const

/**
 * Compile a lookup object to a tree, validating every key and value.
 *
 * @example
 * render(compileLookup({ name: 'jo*', email_verified: true }))
 * // → name:jo* AND email_verified:true
 */
export function compileLookup(lookup: Lookup): QNode {
  if (typeof lookup !== 'object' || lookup === null || Array.isArray(lookup)) {
    throw invalidLookup(
      String(lookup),
      "Q() takes a lookup object such as { email: 'a@b.c' }; for lucene text use Q.raw('...')",
    )
  }
  const proto: unknown = Object.getPrototypeOf(lookup)
  if (proto !== Object.prototype && proto !== null) {
    throw invalidLookup(
      Object.prototype.toString.call(lookup),
      'a lookup must be a plain object of field → value',
    )
  }
  return Object.entries(lookup).reduce<QNode>(
    (tree, [key, value]) => combine('and', tree, compileEntry(parseFieldPath(key), value)),
    EMPTY,
  )
}

function compileEntry(path: FieldPath, value: unknown): QNode {
  const { field, suffix } = path
  switch (suffix) {
    case undefined:
    case 'exact':
      return clause(`${field}:${renderValue(path, value, suffix === 'exact')}`)
    case 'in':
      return compileIn(path, value)
    case 'exists':
      return compileExists(path, value)
    case 'range':
      return compileRange(path, value)
    default: {
      refuseRangeOnUserMetadata(path)
      const [open, close] = RANGE_SHAPES[suffix]
      return clause(`${field}:${open}${renderRangeBound(path, value)}${close}`)
    }
  }
}

function compileIn(path: FieldPath, value: unknown): QNode {
  if (!Array.isArray(value)) {
    checkScalar(path, value)
    throw invalidLookup(path.key, '__in takes a list of values')
  }
  if (value.length === 0) {
    throw invalidLookup(
      path.key,
      'an empty __in list matches nothing; leave the filter out instead',
    )
  }
  const values = value.map((item: unknown) => renderValue(path, item, false))
  if (values.length === 1) return clause(`${path.field}:${values[0]}`)
  // The `lucene` npm parser (the emulator's) takes `OR NOTE*` for the operator `OR NOT` and then
  // fails; field-prefixed operands (`(name:"a" OR name:NOTE*)`) never start with NOT.
  if (values.some((text) => text.startsWith('NOT'))) {
    return values
      .map((text) => clause(`${path.field}:${text}`))
      .reduce((a, b) => combine('or', a, b))
  }
  return clause(`${path.field}:(${values.join(' OR ')})`)
}

function compileExists(path: FieldPath, value: unknown): QNode {
  if (typeof value !== 'boolean') {
    throw invalidLookup(path.key, '__exists takes true or false')
  }
  const exists = clause(`_exists_:${path.field}`)
  return value ? exists : negate(exists)
}

function compileRange(path: FieldPath, value: unknown): QNode {
  refuseRangeOnUserMetadata(path)
  if (!Array.isArray(value) || value.length !== 2) {
    throw invalidLookup(
      path.key,
      '__range takes [from, to], both inclusive; for an open end use __gte or __lte',
    )
  }
  const [from, to]: unknown[] = value
  const lo = renderRangeBound(path, from)
  const hi = renderRangeBound(path, to)
  const order = (bound: unknown) => (bound instanceof Date ? bound.getTime() : bound)
  const [a, b] = [order(from), order(to)]
  if (typeof a === 'number' && typeof b === 'number' && a > b) {
    throw invalidLookup(path.key, `the range is empty: ${lo} comes after ${hi}`)
  }
  return clause(`${path.field}:[${lo} TO ${hi}]`)
}

function refuseRangeOnUserMetadata(path: FieldPath): void {
  if (path.root === 'user_metadata') {
    throw invalidLookup(
      path.key,
      'Auth0 does not allow ranges on user_metadata (app_metadata and root fields allow them)',
    )
  }
}
