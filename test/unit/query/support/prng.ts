/** A tiny seeded PRNG (mulberry32) so every property-test case can be replayed from its seed. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, max). */
  int(max: number): number
  pick<T>(items: readonly T[]): T
  chance(probability: number): boolean
}

/**
 * A seeded {@link Rng}.
 *
 * @example
 * const r = rng(42); r.int(10) // the same number on every run
 */
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
  return {
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    chance: (probability) => next() < probability,
  }
}

/** The base seed: `Q_SEED=<n>` replays a failing case as case 0. */
export const BASE_SEED = Number(process.env.Q_SEED ?? 0x5eed1e55) >>> 0

/**
 * Run `check` on `runs` generated inputs; a failure names the property, the case's seed (to
 * replay it with `Q_SEED=<seed>`) and the input.
 */
export function property<T>(
  name: string,
  runs: number,
  generate: (r: Rng) => T,
  check: (input: T) => void,
): void {
  for (let i = 0; i < runs; i++) {
    const seed = (BASE_SEED + i) >>> 0
    const input = generate(rng(seed))
    try {
      check(input)
    } catch (error) {
      const shown = JSON.stringify(input, (_, v: unknown) =>
        typeof v === 'bigint' ? String(v) : v,
      )
      throw new Error(
        `property "${name}" failed for seed ${seed} (replay: Q_SEED=${seed}); input ${shown}: ${(error as Error).message}`,
        { cause: error },
      )
    }
  }
}
