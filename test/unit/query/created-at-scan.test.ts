import { describe, expect, it } from 'vitest'
import { Auth0PlusError, SearchLimitExceeded } from '../../../src/errors.js'
import type { CreatedAtRange } from '../../../src/query/created-at-partitions.js'
import { scanByCreatedAt } from '../../../src/query/created-at-scan.js'

const T0 = Date.parse('2024-01-01T00:00:00.000Z')
const LIMITS = { perPage: 100, cap: 1000 }

type FakeUser = Record<string, unknown> & { user_id: string; created_at: string }

/**
 * A search over users with these creation times (ms after T0), answering range pages as Auth0
 * does: sorted by created_at (ties in one fixed order), at most `cap` results deep.
 */
function tenant(offsets: number[], order: 'asc' | 'desc' = 'asc') {
  const users: FakeUser[] = offsets.map((offset, i) => ({
    user_id: `auth0|${String(i).padStart(6, '0')}`,
    created_at: new Date(T0 + offset).toISOString(),
  }))
  const byTime = (a: FakeUser, b: FakeUser) =>
    a.created_at.localeCompare(b.created_at) || a.user_id.localeCompare(b.user_id)
  const sorted = [...users].sort(byTime)
  if (order === 'desc') sorted.reverse()
  const requests: { range: CreatedAtRange; page: number }[] = []
  const fetchPage = async (range: CreatedAtRange, page: number) => {
    requests.push({ range, page })
    expect(page * LIMITS.perPage + LIMITS.perPage).toBeLessThanOrEqual(LIMITS.cap)
    const hits = sorted.filter((user) => {
      const at = Date.parse(user.created_at)
      return (range.from === undefined || at >= range.from) && at < range.to
    })
    const start = page * LIMITS.perPage
    const records = hits.slice(start, start + LIMITS.perPage)
    // Only the first page of a range carries the total: the scan needs no other.
    return page === 0 ? { records, total: hits.length } : { records }
  }
  const to = T0 + Math.max(...offsets) + 1
  return { sorted, requests, fetchPage, to }
}

async function scan(offsets: number[], order: 'asc' | 'desc' = 'asc') {
  const t = tenant(offsets, order)
  const seen: string[] = []
  for await (const user of scanByCreatedAt(t.fetchPage, t.to, order, LIMITS)) {
    seen.push(user.user_id as string)
  }
  return { ...t, seen }
}

describe('scanByCreatedAt', () => {
  it('reads 2,500 users 1 ms apart in 26 pages, each user once, in order', async () => {
    const { seen, sorted, requests } = await scan(Array.from({ length: 2500 }, (_, i) => i))
    expect(seen).toEqual(sorted.map((user) => user.user_id))
    // Ranges of 999 new users: 10 + 10 + 6 pages (503 left after 1,998).
    expect(requests).toHaveLength(26)
    expect(requests.filter((r) => r.page === 0).map((r) => r.range.from)).toEqual([
      undefined,
      T0 + 999,
      T0 + 1998,
    ])
  })

  it('reads a set that fits the cap in its pages alone', async () => {
    const { seen, requests } = await scan(Array.from({ length: 250 }, (_, i) => i))
    expect(seen).toHaveLength(250)
    expect(requests).toHaveLength(3)
  })

  it('streams newest first, each user once', async () => {
    const { seen, sorted, requests } = await scan(
      Array.from({ length: 2500 }, (_, i) => i),
      'desc',
    )
    expect(seen).toEqual(sorted.map((user) => user.user_id))
    expect(requests.filter((r) => r.page === 0).map((r) => r.range.to)).toEqual([
      T0 + 2500,
      T0 + 1501,
      T0 + 502,
    ])
  })

  it.each(['asc', 'desc'] as const)(
    'yields each user once when many share the boundary millisecond (%s)',
    async (order) => {
      // 5 users a millisecond: every window of 1000 ends inside a crowded millisecond.
      const offsets = Array.from({ length: 4321 }, (_, i) => Math.floor(i / 5))
      const { seen, sorted } = await scan(offsets, order)
      expect(seen).toHaveLength(4321)
      expect(new Set(seen).size).toBe(4321)
      const times = seen.map((id) => sorted.find((user) => user.user_id === id)!.created_at)
      const inOrder = [...times].sort()
      expect(times).toEqual(order === 'asc' ? inOrder : inOrder.reverse())
    },
  )

  it.each(['asc', 'desc'] as const)(
    'reads a millisecond holding a whole window on its own (%s)',
    async (order) => {
      // 300 users, then 1,000 in one millisecond, then 300.
      const offsets = [
        ...Array.from({ length: 300 }, (_, i) => i),
        ...Array.from({ length: 1000 }, () => 500),
        ...Array.from({ length: 300 }, (_, i) => 600 + i),
      ]
      const { seen, requests } = await scan(offsets, order)
      expect(seen).toHaveLength(1600)
      expect(new Set(seen).size).toBe(1600)
      expect(requests.some((r) => r.range.from === T0 + 500 && r.range.to === T0 + 501)).toBe(true)
    },
  )

  it('refuses a millisecond holding more than the cap, after what it could serve', async () => {
    const offsets = [...Array.from({ length: 10 }, (_, i) => i), ...Array(1200).fill(50)]
    const t = tenant(offsets)
    const seen: string[] = []
    const run = async () => {
      for await (const user of scanByCreatedAt(t.fetchPage, t.to, 'asc', LIMITS)) {
        seen.push(user.user_id as string)
      }
    }
    await expect(run()).rejects.toThrow(SearchLimitExceeded)
    await expect(run()).rejects.toThrow(/1200 users .* same millisecond/)
    expect(seen.slice(0, 10)).toEqual(t.sorted.slice(0, 10).map((user) => user.user_id))
  })

  it('refuses an answer out of created_at order rather than skip users', async () => {
    const t = tenant(Array.from({ length: 1500 }, (_, i) => i))
    const shuffled = async (range: CreatedAtRange, page: number) => {
      const answer = await t.fetchPage(range, page)
      return { ...answer, records: [...answer.records].reverse() }
    }
    const run = async () => {
      for await (const _ of scanByCreatedAt(shuffled, t.to, 'asc', LIMITS));
    }
    await expect(run()).rejects.toThrow(Auth0PlusError)
  })

  it('stops requesting when the reader stops', async () => {
    const t = tenant(Array.from({ length: 5000 }, (_, i) => i))
    let read = 0
    for await (const _ of scanByCreatedAt(t.fetchPage, t.to, 'asc', LIMITS)) {
      if (++read === 150) break
    }
    // The first page, the second, and the third that was requested ahead.
    expect(t.requests.length).toBeLessThanOrEqual(3)
  })
})
