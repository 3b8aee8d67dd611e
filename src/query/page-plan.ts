/** Auth0 pages through at most this many results of one search (auth0-api.md §1.3). */
export const SEARCH_CAP = 1000
/** The largest `per_page` Auth0 serves. */
export const MAX_PAGE_SIZE = 100

export interface PagePlan {
  perPage: number
  /** Zero-based page holding `start`. */
  firstPage: number
  /** How many results of the first page come before `start`. */
  skip: number
}

/**
 * How to page through results `[start, end)` in the fewest requests, for an endpoint serving
 * pages of up to `maxPageSize` and results up to `cap` (a users search: 100 and 1000). An open
 * window streams 100 a page. A window of up to 100 results takes one request, with the smallest page that
 * holds it all: results 95–104 straddle two 100-pages but are page 6 of 15 (90–104).
 *
 * @example
 * planPages(0, undefined) // { perPage: 100, firstPage: 0, skip: 0 }
 * planPages(0, 2)         // { perPage: 2, firstPage: 0, skip: 0 }
 * planPages(95, 105)      // { perPage: 15, firstPage: 6, skip: 5 }
 */
export function planPages(
  start: number,
  end: number | undefined,
  maxPageSize = MAX_PAGE_SIZE,
  cap = SEARCH_CAP,
): PagePlan {
  if (end !== undefined && end - start <= maxPageSize) {
    for (let size = Math.max(end - start, 1); size <= maxPageSize; size++) {
      const page = Math.floor(start / size)
      const fits = page === Math.floor((end - 1) / size) && (page + 1) * size <= cap
      if (fits) return { perPage: size, firstPage: page, skip: start - page * size }
    }
  }
  const firstPage = Math.floor(start / maxPageSize)
  return { perPage: maxPageSize, firstPage, skip: start - firstPage * maxPageSize }
}
