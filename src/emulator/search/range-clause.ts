import type { FieldSpec } from './field-catalog.js'
import { instantTest, wholeMs } from './instant-range.js'
import { parsePartialDate } from './partial-date.js'
import { queryError } from './search-query-error.js'
import { parseNumber, type UserTest } from './term-clause.js'
import { unescapeTerm } from './term-text.js'
import { someLeaf, type LeafTest } from './value-walk.js'

/** One end of a range as written: `undefined` text = open (`*`). */
export interface Bound {
  readonly text: string | undefined
  readonly inclusive: boolean
}

/**
 * Compiles `field:[min TO max]` (any bracket mix, `*` for an open end). Numbers compare
 * numerically, dates as instants, text as strings (lower-cased on case-insensitive fields).
 * A partial date bound is rounded the way Elasticsearch rounds date ranges:
 * `[2017-11` ≥ start of Nov, `{2017-11` > end of Nov, `2017-12]` ≤ end of Dec, `2017-12}` < start of Dec.
 *
 * @example
 * ```ts
 * rangeClause(resolveField('last_login'), '2017-11', '2017-12', 'right', shown) // all of December 2017
 * ```
 */
export function rangeClause(
  field: FieldSpec,
  rawMin: string,
  rawMax: string,
  inclusive: 'both' | 'none' | 'left' | 'right',
  shown: string,
): UserTest {
  if (field.metadata === 'user_metadata') {
    throw queryError(`range queries are not allowed on user_metadata fields (in ${shown}).`)
  }
  const low: Bound = {
    text: boundText(rawMin),
    inclusive: inclusive === 'both' || inclusive === 'left',
  }
  const high: Bound = {
    text: boundText(rawMax),
    inclusive: inclusive === 'both' || inclusive === 'right',
  }
  const test = leafTest(field, low, high, shown)
  return (user) => someLeaf(user, field, test)
}

/** A bare `*` is an open end; an escaped or quoted star is the literal character. */
export function boundText(raw: string): string | undefined {
  return raw === '*' ? undefined : unescapeTerm(raw)
}

function leafTest(field: FieldSpec, low: Bound, high: Bound, shown: string): LeafTest {
  switch (field.kind) {
    case 'number': {
      const inRange = numberRange(low, high)
      if (inRange === undefined)
        throw queryError(`range bounds must be numbers on ${field.name} (in ${shown}).`)
      return (value) => typeof value === 'number' && inRange(value)
    }
    case 'date': {
      const limits = dateLimits(low, high)
      if (limits === undefined)
        throw queryError(`range bounds must be dates on ${field.name} (in ${shown}).`)
      const ms = wholeMs(limits.min, low.inclusive, limits.max, high.inclusive)
      const inRange = instantTest(ms.low, ms.high)
      return (value) => typeof value === 'string' && inRange(value)
    }
    case 'text': {
      const inRange = textRange(low, high, field.caseInsensitive)
      return (value) => typeof value === 'string' && inRange(value)
    }
    case 'boolean':
    case 'object':
      throw queryError(
        `range queries are not supported on ${field.kind} field ${field.name} (in ${shown}).`,
      )
    case 'dynamic':
      return dynamicRange(low, high)
  }
}

/** Metadata values keep their JSON type: numbers numerically, ISO-looking strings as dates. */
function dynamicRange(low: Bound, high: Bound): LeafTest {
  const numbers = numberRange(low, high)
  const dates = dateRange(low, high)
  const texts = textRange(low, high, false)
  return (value) => {
    if (typeof value === 'number') return numbers !== undefined && numbers(value)
    if (typeof value !== 'string') return false
    if (dates !== undefined && ISO_DATE.test(value)) return dates(Date.parse(value))
    return texts(value)
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T|$)/

function numberRange(low: Bound, high: Bound): ((n: number) => boolean) | undefined {
  const min = low.text === undefined ? -Infinity : parseNumber(low.text)
  const max = high.text === undefined ? Infinity : parseNumber(high.text)
  if (min === undefined || max === undefined) return undefined
  return compare(min, low.inclusive, max, high.inclusive)
}

function dateRange(low: Bound, high: Bound): ((ms: number) => boolean) | undefined {
  const limits = dateLimits(low, high)
  return limits && compare(limits.min, low.inclusive, limits.max, high.inclusive)
}

/**
 * The instants (epoch ms) a date range admits, after partial-date rounding; undefined when a
 * bound is not a date. The query planner reads the same limits, so both agree by construction.
 */
export function dateLimits(low: Bound, high: Bound): { min: number; max: number } | undefined {
  const lowSpan = low.text === undefined ? undefined : parsePartialDate(low.text)
  const highSpan = high.text === undefined ? undefined : parsePartialDate(high.text)
  if ((low.text !== undefined && !lowSpan) || (high.text !== undefined && !highSpan))
    return undefined
  // Rounding: an exclusive lower bound excludes its whole unit, an inclusive upper includes it.
  const min = lowSpan === undefined ? -Infinity : low.inclusive ? lowSpan.start : lowSpan.end
  const max = highSpan === undefined ? Infinity : high.inclusive ? highSpan.end : highSpan.start
  return { min, max }
}

function textRange(low: Bound, high: Bound, caseInsensitive: boolean): (s: string) => boolean {
  const fold = (s: string) => (caseInsensitive ? s.toLowerCase() : s)
  const min = low.text === undefined ? undefined : fold(low.text)
  const max = high.text === undefined ? undefined : fold(high.text)
  return (raw) => {
    const s = fold(raw)
    if (min !== undefined && (low.inclusive ? s < min : s <= min)) return false
    return max === undefined || (high.inclusive ? s <= max : s < max)
  }
}

function compare(min: number, minIn: boolean, max: number, maxIn: boolean): (n: number) => boolean {
  // NaN (an unparseable stored date) fails every comparison, so it never matches.
  if (minIn && maxIn) return (n) => n >= min && n <= max
  if (minIn) return (n) => n >= min && n < max
  if (maxIn) return (n) => n > min && n <= max
  return (n) => n > min && n < max
}
