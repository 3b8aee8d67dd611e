import type { BulkProgress } from './types.js'

/** Builds {@link BulkProgress} reports from the counters and the time since the job started. */
export class BulkProgressClock {
  readonly #total: number
  readonly #now: () => number
  readonly #onProgress: ((progress: BulkProgress) => void) | undefined
  #startedAt = 0

  constructor(
    total: number,
    now: (() => number) | undefined,
    onProgress?: (p: BulkProgress) => void,
  ) {
    this.#total = total
    this.#now = now ?? Date.now
    this.#onProgress = onProgress
  }

  start(succeeded: number, failed: number): void {
    this.#startedAt = this.#now()
    this.report(succeeded, failed)
  }

  report(succeeded: number, failed: number): void {
    if (!this.#onProgress) return
    const elapsedMs = this.#now() - this.#startedAt
    const done = succeeded + failed
    const perSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0
    this.#onProgress({ total: this.#total, done, succeeded, failed, elapsedMs, perSecond })
  }
}
