import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { InvalidArgument, SearchLimitExceeded } from '../../../src/errors.js'
import {
  api,
  connect,
  CONNECTION,
  envelope,
  fakeUser,
  fakeUsers,
  pageQuery,
} from '../../support/nock-tenant.js'

const SCOPE = `identities.connection:"${CONNECTION}"`

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

describe('UserQuerySet laziness and immutability', () => {
  it('makes no request to build and refine a query', () => {
    const auth0 = connect()
    // Any request would fail: net connect is disabled and no interceptor is set.
    const qs = auth0.users
      .query({ email: 'b*' })
      .filter({ email_verified: true })
      .exclude({ blocked: true })
      .orderBy('-created_at')
      .only('email')
      .slice(0, 5)
    expect(qs.q).toBe(`email:b* AND ${SCOPE} AND email_verified:true AND NOT blocked:true`)
  })

  it('leaves the original unchanged when refined', () => {
    const base = connect().users.query({ email: 'b*' })
    const refined = base.filter({ name: 'Brian' })
    expect(base.q).toBe(`email:b* AND ${SCOPE}`)
    expect(refined.q).toBe(`email:b* AND ${SCOPE} AND name:"Brian"`)
  })

  it('is not thenable: evaluation is always an explicit call', () => {
    const qs = connect().users.all()
    expect('then' in qs).toBe(false)
  })

  it('scopes to the default connection, a given one, or none', () => {
    const users = connect().users
    expect(users.all().q).toBe(SCOPE)
    expect(users.all({ connection: 'other' }).q).toBe('identities.connection:"other"')
    expect(users.all({ connection: null }).q).toBe('')
    expect(connect({ defaultConnection: undefined }).users.all().q).toBe('')
  })

  it('ANDs a raw q with the other keys of a lookup', () => {
    const qs = connect().users.query(
      { q: 'logins_count:[10 TO *]', email: 'a@b.c' },
      { connection: null },
    )
    expect(qs.q).toBe('email:"a@b.c" AND logins_count:[10 TO *]')
  })
})

describe('UserQuerySet requests', () => {
  it('count() makes one small request and reads include_totals', async () => {
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 1, { fields: 'user_id', include_fields: 'true' }))
      .reply(200, envelope(fakeUsers(1), 1234, 0, 1))
    await expect(connect().users.all().count()).resolves.toBe(1234)
    scope.done()
  })

  it('iterating N results makes ceil(N/100) requests at per_page=100', async () => {
    const users = fakeUsers(250)
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100))
      .reply(200, envelope(users.slice(0, 100), 250, 0))
      .get('/users')
      .query(pageQuery(SCOPE, 1, 100))
      .reply(200, envelope(users.slice(100, 200), 250, 1))
      .get('/users')
      .query(pageQuery(SCOPE, 2, 100))
      .reply(200, envelope(users.slice(200), 250, 2))
    const seen: string[] = []
    for await (const user of connect().users.all()) seen.push(user.user_id!)
    expect(seen).toEqual(users.map((user) => user.user_id))
    scope.done()
  })

  it('stops on the total without an extra request for a full last page', async () => {
    const users = fakeUsers(200)
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100))
      .reply(200, envelope(users.slice(0, 100), 200, 0))
      .get('/users')
      .query(pageQuery(SCOPE, 1, 100))
      .reply(200, envelope(users.slice(100), 200, 1))
    const all = await connect().users.all().toArray()
    expect(all).toHaveLength(200)
    scope.done()
  })

  it('toArray() caches: a second call and iteration make no request', async () => {
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100))
      .reply(200, envelope(fakeUsers(3), 3))
    const qs = connect().users.all()
    const first = await qs.toArray()
    const second = await qs.toArray()
    expect(second.map(String)).toEqual(first.map(String))
    const iterated = []
    for await (const user of qs) iterated.push(user)
    expect(iterated).toHaveLength(3)
    await expect(qs.count()).resolves.toBe(3)
    await expect(qs.at(2)).resolves.toBe(first[2])
    scope.done()
  })

  it('clones never carry the cache', async () => {
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100))
      .reply(200, envelope(fakeUsers(2), 2))
      .get('/users')
      .query(pageQuery(SCOPE, 0, 1))
      .reply(200, envelope(fakeUsers(1), 2, 0, 1))
    const qs = connect().users.all()
    await qs.toArray()
    await expect(qs.slice(0, 1).toArray()).resolves.toHaveLength(1)
    scope.done()
  })

  it('fetches only the page a slice needs', async () => {
    const users = fakeUsers(15, 90)
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 6, 15))
      .reply(200, envelope(users, 5000, 6, 15))
    const window = await connect().users.all().slice(95, 105).toArray()
    expect(window.map((user) => user.email)).toEqual(users.slice(5).map((user) => user.email))
    scope.done()
  })

  it('at(i) and first() fetch one small page', async () => {
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 7, 1))
      .reply(200, envelope(fakeUsers(1, 7), 10, 7, 1))
      .get('/users')
      .query(pageQuery(SCOPE, 0, 1))
      .reply(200, envelope([], 0, 0, 1))
    const user = await connect().users.all().at(7)
    expect(user?.email).toBe('user7@example.com')
    await expect(connect().users.all().first()).resolves.toBeUndefined()
    scope.done()
  })

  it('sends sort and fields, keeping user_id', async () => {
    const scope = api()
      .get('/users')
      .query(
        pageQuery(SCOPE, 0, 100, {
          sort: 'created_at:-1',
          fields: 'user_id,email',
          include_fields: 'true',
        }),
      )
      .reply(200, envelope([{ user_id: 'auth0|1', email: 'a@b.c' }], 1))
    const [user] = await connect().users.all().orderBy('-created_at').only('email').toArray()
    expect(user!.asDict()).toEqual({ user_id: 'auth0|1', email: 'a@b.c' })
    scope.done()
  })

  it('passes endpoint params through query()', async () => {
    const scope = api()
      .get('/users')
      .query(
        pageQuery(`email:"a@b.c" AND ${SCOPE}`, 0, 100, {
          sort: 'email:1',
          fields: 'user_id,email',
          include_fields: 'true',
        }),
      )
      .reply(200, envelope([], 0))
    await connect()
      .users.query(
        { email: 'a@b.c' },
        { fields: 'user_id,email', sort: 'email:1', search_engine: 'v3' },
      )
      .toArray()
    scope.done()
  })

  it('exists() is one count request', async () => {
    const scope = api()
      .get('/users')
      .query(
        pageQuery(`email:"x@y.z" AND ${SCOPE}`, 0, 1, {
          fields: 'user_id',
          include_fields: 'true',
        }),
      )
      .reply(200, envelope([], 0, 0, 1))
    await expect(connect().users.query({ email: 'x@y.z' }).exists()).resolves.toBe(false)
    scope.done()
  })

  it('counts a slice within the total', async () => {
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 1, { fields: 'user_id', include_fields: 'true' }))
      .times(2)
      .reply(200, envelope(fakeUsers(1), 30, 0, 1))
    await expect(connect().users.all().slice(10, 20).count()).resolves.toBe(10)
    await expect(connect().users.all().slice(25).count()).resolves.toBe(5)
    scope.done()
  })
})

describe('past the 1000-result cap', () => {
  const BASE = Date.parse('2024-01-01T00:00:00.000Z')
  const iso = (ms: number) => new Date(ms).toISOString()
  const PROBE = { fields: 'user_id,created_at', include_fields: 'true' }
  /** `n` users created 1 ms apart, from BASE. */
  const timedUsers = (n: number) =>
    Array.from({ length: n }, (_, i) => fakeUser(i, { created_at: iso(BASE + i) }))
  const range = (from: number | undefined, to: number) =>
    (from === undefined ? '' : ` AND created_at:[${iso(from)} TO *]`) +
    ` AND created_at:[* TO ${iso(to)}}`

  /**
   * The requests for reading `users` (sorted by created_at) past the cap: the first plain page,
   * the newest-user probe, one page=999 probe per partition, then each partition's pages.
   */
  function mockPartitioned(users: Record<string, unknown>[], sort: 1 | -1 = 1) {
    const total = users.length
    const to = BASE + total // newest created_at + 1 ms
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100, sort === -1 ? { sort: 'created_at:-1' } : {}))
      .reply(200, envelope(users.slice(0, 100), total))
      .get('/users')
      .query(pageQuery(SCOPE, 0, 1, { sort: 'created_at:-1', ...PROBE }))
      .reply(200, envelope([users.at(-1)], total, 0, 1))
    // Partitions [*, t999), [t999, t1998), … : the user at index 999 of each rest opens the next.
    const partitions: { from: number | undefined; users: Record<string, unknown>[] }[] = []
    let from: number | undefined
    let offset = 0
    for (;;) {
      const rest = users.slice(offset)
      scope
        .get('/users')
        .query(pageQuery(SCOPE + range(from, to), 999, 1, { sort: 'created_at:1', ...PROBE }))
        .reply(200, envelope(rest.slice(999, 1000), rest.length, 999, 1))
      if (rest.length <= 1000) {
        partitions.push({ from, users: rest })
        break
      }
      partitions.push({ from, users: rest.slice(0, 999) })
      from = BASE + offset + 999
      offset += 999
    }
    partitions.forEach((part, i) => {
      const bound = partitions[i + 1]?.from ?? to
      const q = SCOPE + range(part.from, bound)
      const pages = Math.ceil(part.users.length / 100)
      for (let page = 0; page < pages; page++) {
        const slice = part.users.slice(page * 100, page * 100 + 100)
        scope
          .get('/users')
          .query(pageQuery(q, page, 100, { sort: `created_at:${sort}` }))
          .reply(200, envelope(slice, part.users.length, page))
      }
    })
    return { scope, partitions }
  }

  it('toArray() reads 2,500 users in 3 created_at partitions, each once', async () => {
    const users = timedUsers(2500)
    const { scope, partitions } = mockPartitioned(users)
    expect(partitions.map((part) => part.users.length)).toEqual([999, 999, 502])
    const all = await connect().users.all().toArray()
    expect(all.map((user) => user.user_id)).toEqual(users.map((user) => user.user_id))
    scope.done()
  })

  /**
   * The requests for streaming `users` (1 ms apart) past the cap: the first plain page, the
   * newest-user probe, then only pages: each range's first 1000 results, and the user at index
   * 999 opens the next range (read again there, so it is yielded once).
   */
  function mockScanned(users: Record<string, unknown>[], sort: 1 | -1 = 1) {
    const total = users.length
    const to = BASE + total
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100, sort === -1 ? { sort: 'created_at:-1' } : {}))
      .reply(200, envelope(users.slice(0, 100), total))
      .get('/users')
      .query(pageQuery(SCOPE, 0, 1, { sort: 'created_at:-1', ...PROBE }))
      .reply(200, envelope([users.at(-1)], total, 0, 1))
    const ordered = sort === 1 ? users : [...users].reverse()
    let ranges = 0
    for (let offset = 0; ; offset += 999) {
      ranges++
      const rest = ordered.slice(offset)
      const q =
        sort === 1
          ? SCOPE + range(offset === 0 ? undefined : BASE + offset, to)
          : SCOPE + range(undefined, offset === 0 ? to : BASE + total - offset)
      const read = rest.slice(0, 1000)
      for (let page = 0; page * 100 < read.length; page++) {
        const slice = read.slice(page * 100, page * 100 + 100)
        scope
          .get('/users')
          .query(pageQuery(q, page, 100, { sort: `created_at:${sort}` }, page === 0))
          .reply(200, page === 0 ? envelope(slice, rest.length, page) : slice)
      }
      if (rest.length <= 1000) break
    }
    return { scope, ranges }
  }

  it('iteration streams every user once in order, with no planning requests', async () => {
    const users = timedUsers(2500)
    const { scope, ranges } = mockScanned(users)
    expect(ranges).toBe(3)
    const sent: string[] = []
    scope.on('request', (req: { path: string }) => sent.push(decodeURIComponent(req.path)))
    const seen: string[] = []
    for await (const user of connect().users.all()) seen.push(user.user_id!)
    expect(seen).toEqual(users.map((user) => user.user_id))
    // 2 + 10 + 10 + 6 pages (the two boundary users are read twice), no page=999 probes.
    expect(sent).toHaveLength(28)
    expect(sent.filter((path) => path.includes('per_page=1&'))).toHaveLength(1)
    scope.done()
  })

  it('iteration yields the first user after the first range page', async () => {
    const users = timedUsers(2500)
    const { scope } = mockScanned(users)
    const sent: string[] = []
    scope.on('request', (req: { path: string }) => sent.push(decodeURIComponent(req.path)))
    const iterator = connect().users.all()[Symbol.asyncIterator]()
    const first = await iterator.next()
    expect(first.value?.user_id).toBe(users[0]!.user_id)
    // The plain page, the newest probe and the first range page; its second may be on its way.
    expect(sent.length).toBeLessThanOrEqual(4)
    await iterator.return?.()
    nock.cleanAll()
  })

  it("orderBy('-created_at') streams newest first, range by range", async () => {
    const users = timedUsers(1500)
    const { scope } = mockScanned(users, -1)
    const seen: string[] = []
    for await (const user of connect().users.all().orderBy('-created_at')) seen.push(user.user_id!)
    expect(seen).toEqual([...users].reverse().map((user) => user.user_id))
    scope.done()
  })

  it('only() still cuts on created_at, and drops it from what it yields', async () => {
    const users = timedUsers(1001).map(({ user_id, email, created_at }) => ({
      user_id,
      email,
      created_at,
    }))
    const to = BASE + 1001
    const fields = { fields: 'user_id,email,created_at', include_fields: 'true' }
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100, { fields: 'user_id,email', include_fields: 'true' }))
      .reply(200, envelope(users.slice(0, 100), 1001))
      .get('/users')
      .query(pageQuery(SCOPE, 0, 1, { sort: 'created_at:-1', ...PROBE }))
      .reply(200, envelope([users.at(-1)], 1001, 0, 1))
    for (let page = 0; page < 10; page++) {
      const slice = users.slice(page * 100, page * 100 + 100)
      scope
        .get('/users')
        .query(
          pageQuery(
            SCOPE + range(undefined, to),
            page,
            100,
            { sort: 'created_at:1', ...fields },
            page === 0,
          ),
        )
        .reply(200, page === 0 ? envelope(slice, 1001, page) : slice)
    }
    scope
      .get('/users')
      .query(pageQuery(SCOPE + range(BASE + 999, to), 0, 100, { sort: 'created_at:1', ...fields }))
      .reply(200, envelope(users.slice(999), 2))
    const seen: Record<string, unknown>[] = []
    for await (const user of connect().users.all().only('email')) seen.push(user.asDict())
    expect(seen).toHaveLength(1001)
    expect(seen[0]).toEqual({ user_id: users[0]!.user_id, email: users[0]!.email })
    scope.done()
  })

  it('refuses another sort across partitions after the first request', async () => {
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100, { sort: 'email:1' }))
      .reply(200, envelope(fakeUsers(100), 1500))
    await expect(connect().users.all().orderBy('email').toArray()).rejects.toThrow(
      /cannot honour sort=email:1/,
    )
    scope.done()
  })

  it('fails before acting when over 1000 users share one created_at, pointing to export()', async () => {
    const t = BASE + 10
    const to = BASE + 2000
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100))
      .reply(200, envelope(fakeUsers(100), 1500))
      .get('/users')
      .query(pageQuery(SCOPE, 0, 1, { sort: 'created_at:-1', ...PROBE }))
      .reply(200, envelope([fakeUser(1499, { created_at: iso(to - 1) })], 1500, 0, 1))
      .get('/users')
      .query(pageQuery(SCOPE + range(undefined, to), 999, 1, { sort: 'created_at:1', ...PROBE }))
      .reply(200, envelope([fakeUser(999, { created_at: iso(t) })], 1500, 999, 1))
      .get('/users')
      .query(pageQuery(SCOPE + range(t, to), 999, 1, { sort: 'created_at:1', ...PROBE }))
      .reply(200, envelope([fakeUser(1009, { created_at: iso(t) })], 1490, 999, 1))
      .get('/users')
      .query(pageQuery(SCOPE + range(t, t + 1), 0, 1, { sort: 'created_at:1', ...PROBE }))
      .reply(200, envelope([fakeUser(10, { created_at: iso(t) })], 1200, 0, 1))
    // No DELETE is mocked: nock would refuse it.
    const result = connect().users.all().delete()
    await expect(result).rejects.toThrow(SearchLimitExceeded)
    await expect(result).rejects.toThrow(
      /1200 users .* same millisecond .*auth0\.users\.export\(\)/,
    )
    scope.done()
  })

  it('still refuses a slice that reaches past the first 1000 results', async () => {
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100))
      .reply(200, envelope(fakeUsers(100), 1500))
    await expect(connect().users.all().slice(0, 1200).toArray()).rejects.toThrow(
      /only the first 1000/,
    )
    scope.done()
  })

  it('serves a window within the first 1000 of a bigger result', async () => {
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 9, 100))
      .reply(200, envelope(fakeUsers(100, 900), 5000, 9))
    await expect(connect().users.all().slice(900, 1000).toArray()).resolves.toHaveLength(100)
    scope.done()
  })

  it('refuses an index past the cap before any request', async () => {
    await expect(connect().users.all().at(1000)).rejects.toThrow(SearchLimitExceeded)
  })
})

describe('bad input is refused before any request', () => {
  const users = () => connect().users

  it.each([
    ['negative slice', () => users().all().slice(-1)],
    ['fractional slice', () => users().all().slice(1.5)],
    ['filter after slice', () => users().all().slice(0, 5).filter({ email: 'a@b.c' })],
    ['orderBy after slice', () => users().all().slice(0, 5).orderBy('email')],
    ['sort by metadata', () => users().all().orderBy('user_metadata.band')],
    ['empty only()', () => users().all().only()],
    ['unknown param', () => users().query({}, { per_page: 5 } as never)],
    ['v1 search', () => users().query({}, { search_engine: 'v1' } as never)],
    ['bad sort', () => users().query({}, { sort: 'created_at' })],
    ['non-string q', () => users().query({ q: 5 } as never)],
  ])('%s', (_name, build) => {
    expect(build).toThrow(InvalidArgument)
  })

  it('negative at()', async () => {
    await expect(users().all().at(-1)).rejects.toThrow(InvalidArgument)
  })
})
