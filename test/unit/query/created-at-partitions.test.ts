import { describe, expect, it } from 'vitest'
import { SearchLimitExceeded } from '../../../src/errors.js'
import {
  planPartitions,
  rangeQ,
  type CreatedAtRange,
} from '../../../src/query/created-at-partitions.js'

const T0 = Date.parse('2024-01-01T00:00:00.000Z')

/** A search over these created_at values (ms), answering probes as Auth0 would. */
function tenant(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b)
  const inRange = (r: CreatedAtRange) =>
    sorted.filter((t) => (r.from === undefined || t >= r.from) && t < r.to)
  const probes: { range: CreatedAtRange; index: number }[] = []
  const probe = async (range: CreatedAtRange, index: number) => {
    probes.push({ range, index })
    const hits = inRange(range)
    const at = hits[index]
    return {
      total: hits.length,
      createdAt: at === undefined ? undefined : new Date(at).toISOString(),
    }
  }
  return { probe, probes, inRange, to: sorted.at(-1)! + 1 }
}

/** Every user falls in exactly one partition, and none holds more than the cap. */
function expectExactCover(
  times: number[],
  partitions: CreatedAtRange[],
  inRange: (r: CreatedAtRange) => number[],
) {
  const counts = partitions.map((p) => inRange(p).length)
  expect(counts.every((n) => n <= 1000)).toBe(true)
  expect(counts.reduce((a, b) => a + b, 0)).toBe(times.length)
  for (let i = 1; i < partitions.length; i++)
    expect(partitions[i]!.from).toBe(partitions[i - 1]!.to)
}

describe('planPartitions', () => {
  it('leaves a range of up to 1000 users whole, in one probe', async () => {
    const times = Array.from({ length: 1000 }, (_, i) => T0 + i)
    const { probe, probes, to } = tenant(times)
    await expect(planPartitions(probe, to, 1000)).resolves.toEqual([{ from: undefined, to }])
    expect(probes).toEqual([{ range: { from: undefined, to }, index: 999 }])
  })

  it('cuts at the created_at of the 1000th user: one probe per partition', async () => {
    const times = Array.from({ length: 2500 }, (_, i) => T0 + i * 7)
    const { probe, probes, inRange, to } = tenant(times)
    const partitions = await planPartitions(probe, to, 1000)
    expect(partitions).toEqual([
      { from: undefined, to: T0 + 999 * 7 },
      { from: T0 + 999 * 7, to: T0 + 1998 * 7 },
      { from: T0 + 1998 * 7, to },
    ])
    expect(probes).toHaveLength(3)
    expectExactCover(times, partitions, inRange)
  })

  it('covers clustered creation times (imports) exactly, many users per millisecond', async () => {
    // 12,000 users: bursts of 600 in one millisecond, 300 spread over hours, repeated.
    const times: number[] = []
    for (let burst = 0; burst < 13; burst++) {
      const start = T0 + burst * 3_600_000
      for (let i = 0; i < 600; i++) times.push(start)
      for (let i = 0; i < 300; i++) times.push(start + 1 + i * 10_000)
    }
    const { probe, inRange, to } = tenant(times)
    const partitions = await planPartitions(probe, to, 1000)
    expectExactCover(times, partitions, inRange)
  })

  it('gives a crowded millisecond a partition of its own when it fits', async () => {
    const times = [
      ...Array.from({ length: 10 }, (_, i) => T0 + i),
      ...Array(1000).fill(T0 + 50),
      T0 + 60,
    ]
    const { probe, inRange, to } = tenant(times)
    const partitions = await planPartitions(probe, to, 1000)
    expect(partitions).toContainEqual({ from: T0 + 50, to: T0 + 51 })
    expectExactCover(times, partitions, inRange)
  })

  it('fails when more than 1000 users share one millisecond, naming the export job', async () => {
    const times = [T0, ...Array(1001).fill(T0 + 5), T0 + 9]
    const { probe, to } = tenant(times)
    const plan = planPartitions(probe, to, 1000)
    await expect(plan).rejects.toThrow(SearchLimitExceeded)
    await expect(plan).rejects.toThrow(
      /1001 users .* same millisecond \(2024-01-01T00:00:00\.005Z\).*auth0\.users\.export\(\)/,
    )
  })

  it('renders half-open bounds at millisecond precision', () => {
    expect(String(rangeQ({ from: T0, to: T0 + 1 }))).toBe(
      'created_at:[2024-01-01T00:00:00.000Z TO *] AND created_at:[* TO 2024-01-01T00:00:00.001Z}',
    )
    expect(String(rangeQ({ from: undefined, to: T0 }))).toBe(
      'created_at:[* TO 2024-01-01T00:00:00.000Z}',
    )
  })
})
