import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './stack.js'

// 25 users with distinct creation times, so the default order (created_at) is known.
const SEEDED = Array.from({ length: 25 }, (_, i) => {
  const n = String(i).padStart(2, '0')
  return {
    email: `user${n}@list.example`,
    created_at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
    logins_count: i,
    user_metadata: { team: i % 2 === 0 ? 'red' : 'blue' },
  }
})
const ALL = SEEDED.map((user) => user.email)

let stack: Stack
beforeAll(async () => {
  stack = await startStack({ emulator: { users: SEEDED } })
})
afterAll(() => stack.stop())

async function emails(query: string): Promise<{ emails: string[]; body: Record<string, unknown> }> {
  const res = await stack.call('GET', `/users${query}`)
  expect(res.status, res.text).toBe(200)
  return { emails: res.body.users.map((user: { email: string }) => user.email), body: res.body }
}

describe('GET /users paging', () => {
  it('pages with page/per_page across several pages, with the total on each', async () => {
    const pages = await Promise.all([0, 1, 2].map((page) => emails(`?per_page=10&page=${page}`)))
    expect(pages.map((page) => page.emails.length)).toEqual([10, 10, 5])
    expect(pages.flatMap((page) => page.emails)).toEqual(ALL)
    expect(pages[1]!.body).toMatchObject({
      total: 25,
      offset: 10,
      limit: 10,
      page: 1,
      per_page: 10,
    })
  })

  it('pages with offset/limit at any offset, not only page boundaries', async () => {
    const { emails: got, body } = await emails('?offset=7&limit=6')
    expect(got).toEqual(ALL.slice(7, 13))
    expect(body).toMatchObject({ total: 25, offset: 7, limit: 6 })
    expect(body).not.toHaveProperty('page')
  })

  it('answers 50 users by default, and an empty page past the end', async () => {
    expect((await emails('')).body).toMatchObject({ total: 25, offset: 0, limit: 50 })
    const past = await emails('?page=3&per_page=10')
    expect(past.emails).toEqual([])
    expect(past.body.total).toBe(25)
  })

  it("refuses a window past Auth0's 1000-result search cap", async () => {
    for (const query of ['?page=10&per_page=100', '?offset=950&limit=51']) {
      const res = await stack.call('GET', `/users${query}`)
      expect(res.status).toBe(400)
      expect(res.body.message).toMatch(/first 1000 matches/)
    }
    expect((await emails('?offset=900&limit=100')).emails).toEqual([])
  })
})

describe('GET /users filters', () => {
  it('filters with a wildcard lookup', async () => {
    const { emails: got, body } = await emails('?email=user1*')
    expect(got).toEqual(ALL.slice(10, 20))
    expect(body.total).toBe(10)
  })

  it('filters with raw lucene in q, ANDed with lookups', async () => {
    const red = await emails(`?q=${encodeURIComponent('user_metadata.team:"red"')}`)
    expect(red.body.total).toBe(13)
    const both = await emails(`?q=${encodeURIComponent('user_metadata.team:"red"')}&email=user2*`)
    expect(both.emails).toEqual([
      'user20@list.example',
      'user22@list.example',
      'user24@list.example',
    ])
  })

  it('reads suffixed lookups: numeric ranges, lists, existence', async () => {
    expect((await emails('?logins_count__gte=22')).emails).toEqual(ALL.slice(22))
    expect((await emails('?logins_count__range=3,5')).emails).toEqual(ALL.slice(3, 6))
    const listed = await emails('?email__in=user03@list.example,user07@list.example')
    expect(listed.emails).toEqual(['user03@list.example', 'user07@list.example'])
    expect((await emails('?given_name__exists=true')).body.total).toBe(0)
  })

  it('sorts and projects fields', async () => {
    const { emails: got } = await emails('?sort=-email&limit=2')
    expect(got).toEqual(['user24@list.example', 'user23@list.example'])
    const res = await stack.call('GET', '/users?fields=email&limit=1')
    expect(Object.keys(res.body.users[0]).sort()).toEqual(['email', 'user_id'])
  })
})
