import type { ApiRequest, QueryParams } from '../http/types.js'
import type { ApiRecord, Collection, Page } from './collection.js'
import type { QueryState } from './query-state.js'

/** Auth0's offset paging on roles, resource servers and permissions: 100 a page, 1000 in all. */
export const LIST_PAGE_SIZE = 100
export const LIST_CAP = 1000

/** What one offset-paged list says about itself. */
export interface OffsetList<T> {
  noun: string
  idField: string
  /** The list's own filters, sent with every page (e.g. `{ name_filter }`). */
  filters: QueryParams
  /** Whether the endpoint takes `fields`/`include_fields` (GET /roles does not). */
  projects: boolean
  request(params: QueryParams): ApiRequest
  fetch(request: ApiRequest): Promise<{ records: ApiRecord[]; total: number }>
  hydrate(record: ApiRecord): T
}

/**
 * A list paged with `page`/`per_page`/`include_totals=true` as a {@link Collection}: the shape of
 * GET /roles, /resource-servers and a role's or user's permissions. Past 1000 results Auth0
 * refuses offset paging; these lists offer no partitions, so such a query is refused.
 *
 * @example
 * offsetListCollection({ …, filters: { name_filter: 'edit' } }).pageRequest(state, { page: 0, perPage: 100 })
 * // { method: 'GET', path: '/roles', params: { name_filter: 'edit', page: 0, per_page: 100, include_totals: true } }
 */
export function offsetListCollection<T>(list: OffsetList<T>): Collection<T> {
  return {
    paging: { style: 'offset', maxPageSize: LIST_PAGE_SIZE, cap: LIST_CAP },
    noun: list.noun,
    idField: list.idField,
    hydrate: list.hydrate,
    pageRequest: (state: QueryState, cursor) => {
      if (!('page' in cursor)) throw new TypeError(`${list.noun} page by offset.`)
      return list.request({
        ...list.filters,
        page: cursor.page,
        per_page: cursor.perPage,
        include_totals: true,
        ...(list.projects &&
          state.fields && { fields: state.fields.join(','), include_fields: true }),
      })
    },
    fetchPage: (request): Promise<Page> => list.fetch(request),
  }
}
