import type { Plan } from './query-plan.js'
import type { UserTest } from './term-clause.js'

/** One page of a search, as `GET /api/v2/users` asks for it. */
export interface SearchRequest {
  /** The compiled `q`; undefined when `q` is empty (everyone matches). */
  readonly test: UserTest | undefined
  /** The candidates `test` can match (see query-plan.ts). */
  readonly plan: Plan
  /** The plan's candidates are exactly the matches (see `Compiled.exact`). */
  readonly exact: boolean
  /** A `sort` already accepted by `compileSort`, or undefined for the default order. */
  readonly sort: string | undefined
  /** Index of the first user of the page (`page * per_page`). */
  readonly start: number
  readonly limit: number
  /** Whether the exact number of matches is wanted (`include_totals`). */
  readonly totals: boolean
}

/** The page, and the number of matches when it was asked for (or known anyway). */
export interface SearchPage {
  readonly users: Record<string, unknown>[]
  readonly total: number | undefined
}
