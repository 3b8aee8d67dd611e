import type { Q } from './q.js'

/**
 * Everything a UserQuerySet will ask Auth0 for, as a frozen plain object. Refining a query set
 * copies this with one field changed; nothing here is ever mutated.
 */
export interface QueryState {
  /** The filters, already ANDed together; `undefined` matches every user. */
  readonly where: Q | undefined
  /** `field:1` or `field:-1`, Auth0's sort format. */
  readonly sort: string | undefined
  /** Fields to include; `undefined` for all. */
  readonly fields: readonly string[] | undefined
  /** Window of results, Django-slice style: `[start, end)`. */
  readonly start: number
  readonly end: number | undefined
}

export const EMPTY_STATE: QueryState = Object.freeze({
  where: undefined,
  sort: undefined,
  fields: undefined,
  start: 0,
  end: undefined,
})

export function withState(state: QueryState, change: Partial<QueryState>): QueryState {
  return Object.freeze({ ...state, ...change })
}

export function isSliced(state: QueryState): boolean {
  return state.start !== 0 || state.end !== undefined
}
