import type { FieldSpec } from './field-catalog.js'
import { instantTest } from './instant-range.js'
import { parsePartialDate } from './partial-date.js'
import { queryError } from './search-query-error.js'
import { textPattern } from './text-pattern.js'
import { parseTermText } from './term-text.js'
import { fieldExists, someLeaf, type Leaf, type LeafTest } from './value-walk.js'

/** A compiled clause: true when the user matches. */
export type UserTest = (user: Record<string, unknown>) => boolean

/**
 * Compiles `field:term` (quoted or not) into a user test, enforcing Auth0's refusals:
 * `?`, wildcards on metadata or on non-text root fields, a leading `*` with fewer than 3 literal
 * characters, and values that cannot be parsed for a typed field.
 *
 * @example
 * ```ts
 * termClause(resolveField('name'), 'john*', false, 'name:john*')  // name starts with "john", any case
 * ```
 */
export function termClause(
  field: FieldSpec,
  raw: string,
  quoted: boolean,
  shown: string,
): UserTest {
  const { parts, hasQuestionMark } = parseTermText(raw, quoted)
  if (hasQuestionMark) throw queryError(`the "?" wildcard is not supported, use "*" (in ${shown}).`)
  if (parts.length > 1) {
    if (field.metadata !== undefined) {
      throw queryError(
        `wildcards are not allowed on user_metadata or app_metadata fields (in ${shown}).`,
      )
    }
    if (parts.length === 2 && parts[0] === '' && parts[1] === '') {
      // `field:*` is Lucene's "has any value" on a root field.
      return (user) => fieldExists(user, field)
    }
    if (field.kind !== 'text' && field.kind !== 'dynamic') {
      throw queryError(
        `wildcards are only allowed on text fields, not on ${field.kind} field ${field.name} (in ${shown}).`,
      )
    }
    if (parts[0] === '' && parts.join('').length < 3) {
      throw queryError(`a leading wildcard needs at least 3 characters after it (in ${shown}).`)
    }
  }
  const test = leafTest(field, parts, shown)
  return (user) => someLeaf(user, field, test)
}

function leafTest(field: FieldSpec, parts: readonly string[], shown: string): LeafTest {
  const text = parts.join('*')
  switch (field.kind) {
    case 'text': {
      const matches = textMatcher(parts, field.caseInsensitive)
      return (value) => typeof value === 'string' && matches(value)
    }
    case 'number': {
      const n = parseNumber(text)
      if (n === undefined) throw queryError(`"${text}" is not a number (in ${shown}).`)
      return (value) => value === n
    }
    case 'boolean': {
      if (text !== 'true' && text !== 'false')
        throw queryError(`"${text}" is not a boolean (in ${shown}).`)
      const wanted = text === 'true'
      return (value) => value === wanted
    }
    case 'date': {
      // Elasticsearch turns a date term into the inclusive range of the unit it names.
      const span = parsePartialDate(text)
      if (span === undefined) throw queryError(`"${text}" is not a date (in ${shown}).`)
      const inSpan = instantTest(span.start, span.end)
      return (value) => typeof value === 'string' && inSpan(value)
    }
    case 'object':
      // Objects are not values; only their sub-fields are.
      return () => false
    case 'dynamic':
      return dynamicTest(parts)
  }
}

/** Metadata and identity sub-fields: compare by the type of the stored value, case-sensitively. */
function dynamicTest(parts: readonly string[]): LeafTest {
  const matchesText = textMatcher(parts, false)
  const text = parts.join('*')
  const wildcard = parts.length > 1
  const n = wildcard ? undefined : parseNumber(text)
  const bool = text === 'true' ? true : text === 'false' ? false : undefined
  return (value: Leaf) => {
    if (typeof value === 'string') return matchesText(value)
    if (typeof value === 'number') return wildcard ? matchesText(String(value)) : value === n
    return value === bool
  }
}

function textMatcher(
  parts: readonly string[],
  caseInsensitive: boolean,
): (value: string) => boolean {
  if (!caseInsensitive) return textPattern(parts)
  const matches = textPattern(parts.map((part) => part.toLowerCase()))
  return (value) => matches(value.toLowerCase())
}

/**
 * Lucene number syntax only: `Number('')` and `Number('0x1f')` must not count. The digits after
 * the point only follow a point (`\d+\.?\d*` would backtrack quadratically on `111…1x`).
 */
export function parseNumber(text: string): number | undefined {
  return /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined
}
