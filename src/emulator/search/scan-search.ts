import { compileSort } from './compile-sort.js'
import type { SearchPage, SearchRequest } from './search-request.js'

type User = Record<string, unknown>

/**
 * The reference answer: run the predicate over every user in the default order, sort all the
 * matches (a stable sort, so ties keep the default order), slice the page. What the emulator did
 * before it had indexes; kept as the baseline the differential test and the bench compare with
 * (`AUTH0PLUS_EMULATOR_SEARCH=scan`).
 */
export function scanSearch(ordered: readonly User[], request: SearchRequest): SearchPage {
  const { test, sort, start, limit } = request
  let found = test === undefined ? [...ordered] : ordered.filter(test)
  if (sort !== undefined) found = found.sort(compileSort(sort))
  return { users: found.slice(start, start + limit), total: found.length }
}
