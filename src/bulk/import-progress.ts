import type { ImportResult } from './import-types.js'
import type { BulkProgress } from './types.js'

/**
 * Progress reports of an import, from the users read and the result so far: `total` grows as
 * the input is read (it is streamed), `done` counts users imported or failed.
 */
export class ImportProgressClock {
  readonly #onProgress: ((progress: BulkProgress) => void) | undefined
  readonly #now: () => number
  readonly #state: () => { read: number; result: ImportResult }
  #startedAt = 0

  constructor(
    onProgress: ((progress: BulkProgress) => void) | undefined,
    now: (() => number) | undefined,
    state: () => { read: number; result: ImportResult },
  ) {
    this.#onProgress = onProgress
    this.#now = now ?? Date.now
    this.#state = state
  }

  start(): void {
    this.#startedAt = this.#now()
    this.report()
  }

  report(): void {
    if (!this.#onProgress) return
    const { read, result } = this.#state()
    const elapsedMs = this.#now() - this.#startedAt
    const failed = result.failed.length
    const done = result.count + failed
    const perSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0
    this.#onProgress({ total: read, done, succeeded: result.count, failed, elapsedMs, perSecond })
  }
}
