import { DEFAULT_FIELDS, type FieldSpec } from './field-catalog.js'
import { wholeMs } from './instant-range.js'
import { DYNAMIC_ROOTS } from './metadata-index.js'
import { boundText, dateLimits } from './range-clause.js'
import { parsePartialDate } from './partial-date.js'
import { parseNumber } from './term-clause.js'
import { parseTermText } from './term-text.js'
import type { Leaf } from './value-walk.js'

/**
 * Which users a query can possibly match, in terms the indexes answer. A plan only narrows: its
 * users are a superset of the true matches, and the compiled predicate still decides each one.
 * `all` means "no index helps" (NOT, `_exists_`, suffix wildcards, unindexed fields).
 */
export type Plan =
  | { readonly kind: 'all' }
  /** A value (`exact`) or a prefix of a value of an indexed root text field, normalised. */
  | {
      readonly kind: 'text'
      readonly field: string
      readonly value: string
      readonly exact: boolean
    }
  /** Any of `values` (by JSON type) at a metadata or identities path. */
  | { readonly kind: 'dynamic'; readonly path: string; readonly values: readonly Leaf[] }
  /** `created_at` within [min, max] (epoch ms, inclusive: exclusive bounds are already shifted). */
  | { readonly kind: 'created'; readonly min: number; readonly max: number }
  | { readonly kind: 'and' | 'or'; readonly plans: readonly Plan[] }

/** The plan that narrows nothing. */
export const ALL: Plan = { kind: 'all' }

/** Root text fields with an ordered index (the fieldless-term fields: the ones searched most). */
export const TEXT_INDEXED: ReadonlySet<string> = new Set(DEFAULT_FIELDS)

/** Both must hold: an `all` operand adds nothing. */
export function andPlan(plans: readonly Plan[]): Plan {
  const useful = intersectCreated(plans.filter((plan) => plan.kind !== 'all'))
  if (useful.length === 0) return ALL
  return useful.length === 1 ? useful[0]! : { kind: 'and', plans: useful }
}

/**
 * `created_at` ranges ANDed together are one range, their intersection (`[A TO *] AND [* TO B}`
 * is how clients cut partitions): one slice of the default order instead of the larger operand.
 */
function intersectCreated(plans: readonly Plan[]): Plan[] {
  const ranges = plans.filter((plan) => plan.kind === 'created')
  if (ranges.length < 2) return [...plans]
  const min = Math.max(...ranges.map((range) => range.min))
  const max = Math.min(...ranges.map((range) => range.max))
  return [...plans.filter((plan) => plan.kind !== 'created'), { kind: 'created', min, max }]
}

/** Either may hold: one `all` operand makes the whole `all`. */
export function orPlan(plans: readonly Plan[]): Plan {
  if (plans.length === 0 || plans.some((plan) => plan.kind === 'all')) return ALL
  return plans.length === 1 ? plans[0]! : { kind: 'or', plans }
}

/**
 * The plan of `field:term`, mirroring `termClause`: exact and prefix terms on indexed text fields
 * (lower-cased where the field is case-insensitive), `created_at` terms as the span they name,
 * exact metadata terms as the string, number and boolean the text can be.
 */
export function termPlan(field: FieldSpec, raw: string, quoted: boolean): Plan {
  const { parts, hasQuestionMark } = parseTermText(raw, quoted)
  if (hasQuestionMark) return ALL
  const text = parts.join('*')
  if (field.kind === 'text' && !field.emailDomain && TEXT_INDEXED.has(field.name)) {
    const head = field.caseInsensitive ? parts[0]!.toLowerCase() : parts[0]!
    if (parts.length === 1) return { kind: 'text', field: field.name, value: head, exact: true }
    return head === '' ? ALL : { kind: 'text', field: field.name, value: head, exact: false }
  }
  if (field.kind === 'date' && field.name === 'created_at' && parts.length === 1) {
    const span = parsePartialDate(text)
    return span === undefined ? ALL : { kind: 'created', min: span.start, max: span.end }
  }
  if (field.kind === 'dynamic' && parts.length === 1 && isDynamicRoot(field.path[0])) {
    const values: Leaf[] = [text]
    const n = parseNumber(text)
    if (n !== undefined) values.push(n)
    if (text === 'true' || text === 'false') values.push(text === 'true')
    return { kind: 'dynamic', path: field.path.join('.'), values }
  }
  return ALL
}

/** The plan of `created_at:[min TO max]` (other ranges are not indexed). */
export function rangePlan(
  field: FieldSpec,
  rawMin: string,
  rawMax: string,
  inclusive: 'both' | 'none' | 'left' | 'right',
): Plan {
  if (field.name !== 'created_at') return ALL
  const low = { text: boundText(rawMin), inclusive: inclusive === 'both' || inclusive === 'left' }
  const high = { text: boundText(rawMax), inclusive: inclusive === 'both' || inclusive === 'right' }
  const limits = dateLimits(low, high)
  if (limits === undefined) return ALL
  // Stored instants are whole milliseconds, so an exclusive bound is the next one inclusive.
  const ms = wholeMs(limits.min, low.inclusive, limits.max, high.inclusive)
  return { kind: 'created', min: ms.low, max: ms.high }
}

function isDynamicRoot(root: string | undefined): boolean {
  return (DYNAMIC_ROOTS as readonly (string | undefined)[]).includes(root)
}
