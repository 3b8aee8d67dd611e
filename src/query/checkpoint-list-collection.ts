import type { ApiRequest, QueryParams } from '../http/types.js'
import type { ApiRecord, Collection, Page } from './collection.js'

/** Auth0's largest checkpoint page (`take`). */
export const CHECKPOINT_PAGE_SIZE = 100

/** What one checkpoint-paged list says about itself. */
export interface CheckpointList<T> {
  noun: string
  idField: string
  request(params: QueryParams): ApiRequest
  fetch(request: ApiRequest): Promise<{ records: ApiRecord[]; next?: string }>
  hydrate(record: ApiRecord): T
}

/**
 * A list paged with `from`/`take` and a `next` cursor as a {@link Collection}: a role's users
 * (and connections, client grants). No cap and no total: a count walks the pages.
 *
 * @example
 * checkpointListCollection(roleUsers).pageRequest(state, { from: undefined, take: 100 })
 * // { method: 'GET', path: '/roles/rol_1/users', params: { take: 100 } }
 */
export function checkpointListCollection<T>(list: CheckpointList<T>): Collection<T> {
  return {
    paging: { style: 'checkpoint', maxPageSize: CHECKPOINT_PAGE_SIZE },
    noun: list.noun,
    idField: list.idField,
    hydrate: list.hydrate,
    pageRequest: (_state, cursor) => {
      if (!('take' in cursor)) throw new TypeError(`${list.noun} page by checkpoint.`)
      return list.request({ from: cursor.from, take: cursor.take })
    },
    fetchPage: (request): Promise<Page> => list.fetch(request),
  }
}
