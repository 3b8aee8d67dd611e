/** The ways an injected fault makes a Management API request fail. */
export type FaultKind = '429' | '500' | '503' | 'reset' | 'slow'

export const FAULT_KINDS: readonly FaultKind[] = ['429', '500', '503', 'reset', 'slow']

/** `faults` option: `rate` (0..1) of API requests fail with one of `kinds`, drawn from `seed`. */
export interface FaultOptions {
  rate: number
  kinds?: readonly FaultKind[]
  /** Same seed + same request order = same faults. Default 1. */
  seed?: number
  /** How long a `slow` request is held before it is served normally. Default 2000 ms. */
  slowMs?: number
}

/** mulberry32: tiny, fast and good enough to spread faults evenly; reproducible from a seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Decides, request by request in arrival order, whether to inject a fault. Exactly two draws
 * per request, whatever the outcome, so the sequence depends only on the seed and the count.
 */
export class FaultInjector {
  readonly #random: () => number
  readonly #kinds: readonly FaultKind[]

  constructor(readonly options: FaultOptions) {
    this.#random = mulberry32(options.seed ?? 1)
    this.#kinds = options.kinds && options.kinds.length > 0 ? options.kinds : FAULT_KINDS
  }

  get slowMs(): number {
    return this.options.slowMs ?? 2000
  }

  /** The fault for the next request, or undefined to serve it normally. */
  next(): FaultKind | undefined {
    const hit = this.#random() < this.options.rate
    const pick = this.#random()
    return hit ? this.#kinds[Math.floor(pick * this.#kinds.length)] : undefined
  }
}
