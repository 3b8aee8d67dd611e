export { rng, type Rng } from '../../support/prng.js'

/** `RELIABILITY_SEED=<n>` replays (or explores) another run; fixed by default so CI is stable. */
export const SEED = Number(process.env.RELIABILITY_SEED ?? 0x0ac1dc) >>> 0
