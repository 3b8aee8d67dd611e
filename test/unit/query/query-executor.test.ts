import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ApiRecord, Collection, Page, PageCursor } from '../../../src/query/collection.js'
import { QueryExecutor } from '../../../src/query/query-executor.js'
import { QuerySet } from '../../../src/query/query-set.js'
import type { QueryState } from '../../../src/query/query-state.js'
import type { ApiRequest } from '../../../src/http/types.js'
import { api, connect, envelope, fakeUsers, pageQuery } from '../../support/nock-tenant.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

/** A checkpoint-paged resource (like a role's users) over `n` records, logging each request. */
function checkpointCollection(n: number, log: ApiRequest[]): Collection<string> {
  const records = Array.from({ length: n }, (_, i) => ({ id: `r${i}` }))
  return {
    paging: { style: 'checkpoint', maxPageSize: 3 },
    noun: 'records',
    idField: 'id',
    hydrate: (record: ApiRecord) => String(record.id),
    pageRequest: (_state: QueryState, cursor: PageCursor): ApiRequest => {
      if (!('take' in cursor)) throw new Error('checkpoint only')
      return { method: 'GET', path: '/things', params: { from: cursor.from, take: cursor.take } }
    },
    fetchPage: async (request: ApiRequest): Promise<Page> => {
      log.push(request)
      const from = Number(request.params?.from ?? 0)
      const take = Number(request.params?.take)
      const page = records.slice(from, from + take)
      const next = from + take < n ? String(from + take) : undefined
      return { records: page, next }
    },
  }
}

class Things extends QuerySet<string> {
  protected derive(state: QueryState): this {
    return new Things(this.executor, state) as this
  }
}

describe('QueryExecutor with checkpoint paging', () => {
  it('follows `next` until the last page, take = the largest page size', async () => {
    const log: ApiRequest[] = []
    const things = new Things(new QueryExecutor(checkpointCollection(7, log)))
    expect(await things.toArray()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6'])
    expect(log.map((r) => r.params)).toEqual([
      { from: undefined, take: 3 },
      { from: '3', take: 3 },
      { from: '6', take: 3 },
    ])
  })

  it('slices by skipping and stops as soon as the window is read', async () => {
    const log: ApiRequest[] = []
    const things = new Things(new QueryExecutor(checkpointCollection(7, log)))
    expect(await things.slice(2, 4).toArray()).toEqual(['r2', 'r3'])
    expect(log).toHaveLength(2)
  })

  it('counts by walking ids (no total on checkpoint pages); compile shows the first request', async () => {
    const log: ApiRequest[] = []
    const things = new Things(new QueryExecutor(checkpointCollection(5, log)))
    expect(things.compile()).toEqual({
      method: 'GET',
      path: '/things',
      params: { from: undefined, take: 3 },
    })
    expect(log).toEqual([])
    expect(await things.count()).toBe(5)
  })
})

describe('one page walk for iteration and toArray', () => {
  const SCOPE = 'identities.connection:"Username-Password-Authentication"'
  const pages = () =>
    api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100))
      .reply(200, envelope(fakeUsers(100), 250))
      .get('/users')
      .query(pageQuery(SCOPE, 1, 100))
      .reply(200, envelope(fakeUsers(100, 100), 250, 1))
      .get('/users')
      .query(pageQuery(SCOPE, 2, 100))
      .reply(200, envelope(fakeUsers(50, 200), 250, 2))

  it('for await and toArray send the same three requests and see the same users', async () => {
    const auth0 = connect()
    let scope = pages()
    const streamed: string[] = []
    for await (const user of auth0.users.all()) streamed.push(user.user_id!)
    scope.done()
    scope = pages()
    const collected = (await auth0.users.all().toArray()).map((user) => user.user_id!)
    scope.done()
    expect(collected).toEqual(streamed)
    expect(new Set(collected).size).toBe(250)
  })

  it('compile() shows the first request without sending it', () => {
    const qs = connect().users.query({ email: '*@acdc.test' }).orderBy('email').slice(95, 105)
    expect(qs.compile()).toEqual({
      method: 'GET',
      path: '/users',
      params: {
        q: `email:*@acdc.test AND ${SCOPE}`,
        search_engine: 'v3',
        page: 6,
        per_page: 15,
        include_totals: true,
        sort: 'email:1',
        fields: undefined,
        include_fields: undefined,
      },
    })
  })
})
