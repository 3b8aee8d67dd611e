/** A seeded PRNG (mulberry32), so a failing fuzz case can be replayed from the seed it prints. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, max). */
  int(max: number): number
  pick<T>(items: readonly T[]): T
}

export function rng(seed: number): Rng {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (max: number) => Math.floor(next() * max)
  return { next, int, pick: (items) => items[int(items.length)]! }
}

/** `RELIABILITY_SEED=<n>` replays (or explores) another run; fixed by default so CI is stable. */
export const SEED = Number(process.env.RELIABILITY_SEED ?? 0x0ac1dc) >>> 0
