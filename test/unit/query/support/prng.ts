import { rng, type Rng } from '../../../support/prng.js'

export { rng, type Rng }

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
