import { describe, expect, it } from 'vitest'
import { generatedUser } from '../../../bench/fixtures/generated-users.js'
import { SearchIndex } from '../../../src/emulator/search-index.js'
import {
  compileSearch,
  indexedSearch,
  scanSearch,
  type SearchRequest,
} from '../../../src/emulator/search/index.js'
import { candidatesOf } from '../../../src/emulator/search/plan-candidates.js'

type User = Record<string, unknown>

// Every shape the planner serves, and the ones it must leave to the predicate.
const QUERIES = [
  '',
  '*',
  'email:"jane.smith7@example.com"',
  'email:"JANE.SMITH7@EXAMPLE.COM"',
  'email:jane.smith1*',
  'email:JOHN*',
  'email:jo*n*.com',
  'email:*@acme.io',
  'email.domain:acme.io',
  'name:"Jane Smith"',
  'name:jo*',
  'given_name:maria',
  'family_name:Müller',
  'nickname:olga.rossi1*',
  'user_id:"github|0000000000000000000000a1"',
  'user_id:github*',
  'jane*',
  'smith',
  'app_metadata.plan:"gold"',
  'app_metadata.plan:gold AND email_verified:true',
  'app_metadata.roles:admin',
  'user_metadata.addresses.city:Paris',
  'user_metadata.addresses.zip:10042',
  'user_metadata.locale:fr OR app_metadata.plan:pro',
  'identities.connection:github',
  'identities.isSocial:true',
  'identities.user_id:0000000000000000000000a1',
  'created_at:[2021-03-01 TO 2021-04-01}',
  'created_at:[2021-03 TO 2021-03]',
  'created_at:{2021-03 TO 2021-05}',
  'created_at:2022-07',
  'created_at:[* TO 2020-02-01]',
  'created_at:[2024-12-01T00:00:00.000Z TO *]',
  'created_at:["2021-06-01T00:00:00.000Z" TO "2021-06-02T00:00:00.000Z"}',
  'created_at:[2021-03-01T00:00:00.000Z TO *] AND created_at:[* TO 2021-04-01T00:00:00.000Z}',
  'created_at:[2021-03-01 TO *] AND created_at:[* TO 2022-01-01} AND created_at:[* TO 2021-06-01]',
  'created_at:[2021-03-01 TO *] AND created_at:[* TO 2022-01-01} AND app_metadata.plan:gold',
  'created_at:[2021-03-01 TO *] OR created_at:[* TO 2020-06-01}',
  'created_at:[2021-03-01 TO 2021-04-01} AND app_metadata.plan:gold',
  'created_at:[2021-03-01 TO 2021-04-01} AND NOT app_metadata.plan:free',
  'created_at:[2023-01 TO 2023-02} OR email:maria*',
  'NOT app_metadata.plan:free',
  '-app_metadata.plan:free',
  '+email:jane* -app_metadata.plan:free',
  'email:jane* -app_metadata.plan:free',
  'email:jane* OR -app_metadata.plan:gold',
  '_exists_:logins_count',
  'NOT _exists_:email_verified',
  'logins_count:[100 TO *]',
  'last_login:[2022 TO 2023}',
  'updated_at:2021-05',
  'blocked:true',
  'name:(jane* OR john*) AND NOT family_name:smith',
  '(app_metadata.plan:gold OR app_metadata.plan:pro) AND email:*@gmail.com',
  'email_verified:false AND (given_name:usha OR given_name:sven)',
]

const SORTS = [
  undefined,
  'email:1',
  'email:-1',
  'name:1',
  'given_name:-1',
  'user_id:1',
  'username:1',
  'created_at:-1',
  'created_at:1',
  'logins_count:-1',
  'last_login:1',
]

function tenant(count: number): { index: SearchIndex; users: Map<string, User> } {
  const index = new SearchIndex(0, () => 0)
  const users = new Map<string, User>()
  for (let i = 0; i < count; i++) {
    const user = generatedUser(i)
    users.set(user.user_id as string, user)
    index.load(user.user_id as string, user)
  }
  return { index, users }
}

function request(
  q: string,
  sort: string | undefined,
  start: number,
  limit: number,
  totals: boolean,
): SearchRequest {
  const compiled = q.trim() === '' ? undefined : compileSearch(q)
  return {
    test: compiled?.test,
    plan: compiled?.plan ?? { kind: 'all' },
    exact: compiled?.exact ?? false,
    sort,
    start,
    limit,
    totals,
  }
}

const ids = (users: readonly User[]) => users.map((user) => user.user_id)

function expectSameAnswers(index: SearchIndex, queries: readonly string[], sorts = SORTS): number {
  let compared = 0
  for (const q of queries) {
    for (const sort of sorts) {
      for (const [start, limit] of [
        [0, 50],
        [100, 100],
        [950, 50],
      ] as const) {
        // Without include_totals the indexed search may stop at the end of the page.
        const totals = start !== 100
        const wanted = scanSearch(index.users(), request(q, sort, start, limit, totals))
        const got = indexedSearch(index.indexed(), request(q, sort, start, limit, totals))
        expect({ q, sort, start, users: ids(got.users), total: totals && got.total }).toEqual({
          q,
          sort,
          start,
          users: ids(wanted.users),
          total: totals && wanted.total,
        })
        compared++
      }
    }
  }
  return compared
}

describe('indexed search answers exactly what the full scan answers', () => {
  it('over 3,000 generated users, for every query shape, sort and page', () => {
    const { index } = tenant(3000)
    expect(expectSameAnswers(index, QUERIES)).toBe(QUERIES.length * SORTS.length * 3)
  }, 120_000)

  it('sorts a created_at slice by created_at, ties in the default order, both ways', () => {
    // 3,000 users in 30 instants: every page boundary falls inside a run of one instant.
    const index = new SearchIndex(0, () => 0)
    for (let i = 0; i < 3000; i++) {
      const user: User = {
        ...generatedUser(i),
        created_at: new Date(Date.UTC(2021, 0, 1) + (i % 30) * 1000).toISOString(),
      }
      index.load(user.user_id as string, user)
    }
    const cuts = [
      'created_at:[2021-01-01T00:00:05.000Z TO *] AND created_at:[* TO 2021-01-01T00:00:25.000Z}',
      'created_at:[* TO 2021-01-01T00:00:20.000Z}',
      'created_at:[2021-01-01T00:00:03.000Z TO *] AND created_at:[* TO 2021-01-01T00:00:29.000Z} AND app_metadata.plan:free',
    ]
    expect(expectSameAnswers(index, [...cuts, ''], ['created_at:1', 'created_at:-1'])).toBe(24)
    // A user without a date sorts last by created_at but first by default: no shortcut then.
    index.load('auth0|undated', { user_id: 'auth0|undated', email: 'undated@x.io' })
    expect(expectSameAnswers(index, [''], ['created_at:1', 'created_at:-1'])).toBe(6)
  })

  it('after replaces (new email, plan, dates) and deletes become visible', () => {
    const { index, users } = tenant(3000)
    for (let i = 0; i < 3000; i += 7) {
      const old = users.get(generatedUser(i).user_id as string)!
      const next: User = {
        ...old,
        email: `Renamed${i}@Example.com`,
        name: i % 2 === 0 ? 'JANE SMITH' : ['Jo Array', 'zz top'],
        app_metadata: { plan: i % 3 === 0 ? 'gold' : 42, roles: [] },
        created_at: new Date(Date.UTC(2021, 2, 1) + i * 1000).toISOString(),
      }
      index.record(old.user_id as string, next)
    }
    for (let i = 3; i < 3000; i += 11) index.record(generatedUser(i).user_id as string, null)
    const more = [
      'email:renamed*',
      'email:"renamed14@example.com"',
      'app_metadata.plan:42',
      'app_metadata.plan:gold',
      'name:jo*',
    ]
    expect(expectSameAnswers(index, [...QUERIES, ...more])).toBeGreaterThan(0)
    expect(index.users().length).toBe(3000 - Math.ceil(2997 / 11))
  }, 120_000)

  it('falls back to the scan where an index cannot be trusted (odd dates, non-text values)', () => {
    const { index } = tenant(500)
    index.load('auth0|odd1', { user_id: 'auth0|odd1', created_at: '2021-03-05', email: 7 })
    index.load('auth0|odd2', { user_id: 'auth0|odd2', email: 'JANE@x.io' })
    index.load('auth0|odd3', { user_id: 'auth0|odd3', created_at: 1614902400000 })
    index.load('auth0|odd4', { user_id: 'auth0|odd4', created_at: '2021-02-31T00:00:00.000Z' })
    expect(expectSameAnswers(index, QUERIES, [undefined, 'email:1', 'email:-1'])).toBeGreaterThan(0)
  })

  it('walks the sort index with a candidate set when too many match to sort them', () => {
    const { index } = tenant(25_000)
    const queries = [
      'app_metadata.roles:viewer',
      'app_metadata.plan:free OR app_metadata.plan:gold OR app_metadata.plan:pro',
    ]
    for (const q of queries) {
      expect(candidatesOf(compileSearch(q).plan, index.indexed())!.size).toBeGreaterThan(20_000)
    }
    expect(expectSameAnswers(index, queries, ['email:1', 'name:-1'])).toBe(12)
  }, 120_000)

  it('narrows candidates: an exact email is one index hit, a month of created_at one slice', () => {
    const { index } = tenant(3000)
    const email = generatedUser(42).email as string
    const exact = candidatesOf(
      compileSearch(`email:"${email.toUpperCase()}"`).plan,
      index.indexed(),
    )
    expect(ids(exact!.list())).toEqual([generatedUser(42).user_id])
    const month = candidatesOf(
      compileSearch('created_at:[2021-03-01 TO 2021-04-01}').plan,
      index.indexed(),
    )
    expect(month!.ordered).toBe(true)
    expect(month!.size).toBeLessThan(100)
    expect(candidatesOf(compileSearch('NOT email:x*').plan, index.indexed())).toBeUndefined()
    // One indexed clause is answered by its index alone; anything more keeps the predicate.
    expect(compileSearch('created_at:[2021-03-01 TO 2021-04-01}').exact).toBe(true)
    expect(compileSearch('email:jane*').exact).toBe(true)
    expect(compileSearch('email:"Jane@X.io"').exact).toBe(true)
    // created_at ranges ANDed (how clients cut partitions) are one slice, answered exactly.
    const cut = compileSearch('created_at:[2021-03-01 TO *] AND created_at:[* TO 2021-04-01}')
    expect(cut.exact).toBe(true)
    expect(cut.plan).toEqual(compileSearch('created_at:[2021-03-01 TO 2021-04-01}').plan)
    for (const q of [
      'created_at:[2021-03-01 TO *] OR created_at:[* TO 2021-04-01}',
      'created_at:[2021-03-01 TO *] AND NOT created_at:[* TO 2021-04-01}',
      'created_at:[2021-03-01 TO *] AND created_at:2021-03',
      'created_at:[2021-03-01 TO *] AND email:jane*',
      'email:ja*e',
      'NOT email:jane*',
      '-email:jane*',
      'email:jane* AND blocked:true',
      'app_metadata.plan:gold',
      '(email:jane*)',
      'jane*',
    ]) {
      expect([q, compileSearch(q).exact]).toEqual([q, false])
    }
  })
})
