import type { Writable } from 'node:stream'
import { formatProgressBar, formatProgressLine, type ProgressSnapshot } from './progress-format.js'

export interface ProgressReporterOptions {
  stream: Writable
  /** A terminal redraws one bar in place; anything else gets occasional plain lines. */
  tty: boolean
  /** Past participle for the counts: `deleted`, `updated`, `restored`. */
  verb: string
  now?: () => number
  /** Terminal redraws at most this often. */
  redrawMs?: number
  /** Plain lines: one per 10 % step, or after this long without one. */
  quietMs?: number
  /** The ETA's rate is measured over this much of the latest progress. Default 2 000 ms. */
  windowMs?: number
}

interface Sample {
  elapsedMs: number
  done: number
}

/**
 * Shows a bulk job's progress: a bar redrawn in place on a terminal (throttled, so a fast job
 * does not spend its time painting), or plain lines otherwise, at most one per 10 % step or
 * per `quietMs`, so logs stay readable for a 40,000-user job.
 *
 * The ETA comes from the rate of the last `windowMs` of the job, not from its average: a job
 * starts with the rate limit's burst, then runs at the rate the tenant refills it, and the
 * average would promise the burst's speed for the rest. Until a window has passed, it is `?`.
 */
export class ProgressReporter {
  readonly #options: Required<ProgressReporterOptions>
  #lastDrawAt = -Infinity
  #lastStep = 0
  #last: ProgressSnapshot | undefined
  #lastDrawn: ProgressSnapshot | undefined
  #samples: Sample[] = []

  constructor(options: ProgressReporterOptions) {
    this.#options = { now: Date.now, redrawMs: 100, quietMs: 10_000, windowMs: 2_000, ...options }
  }

  update(snapshot: ProgressSnapshot): void {
    const progress = { ...snapshot, recentPerSecond: this.#recentRate(snapshot) }
    this.#last = progress
    const { now, tty, redrawMs, quietMs } = this.#options
    const at = now()
    if (tty) {
      if (at - this.#lastDrawAt >= redrawMs) this.#draw(progress, at)
      return
    }
    const step = progress.total > 0 ? Math.floor((progress.done / progress.total) * 10) : 10
    if (step > this.#lastStep || at - this.#lastDrawAt >= quietMs) {
      this.#lastStep = step
      this.#draw(progress, at)
    }
  }

  /** Users per second over the last window, from the job's own clock; 0 until a window has passed. */
  #recentRate({ elapsedMs, done }: ProgressSnapshot): number {
    const samples = this.#samples
    samples.push({ elapsedMs, done })
    const from = elapsedMs - this.#options.windowMs
    // Keep the newest sample at or before the window's start: the rate is measured from it.
    while (samples.length > 1 && samples[1]!.elapsedMs <= from) samples.shift()
    const base = samples[0]!
    if (base.elapsedMs > from || elapsedMs <= base.elapsedMs) return 0
    return ((done - base.done) / (elapsedMs - base.elapsedMs)) * 1000
  }

  /** Draws the final state (if not drawn yet) and leaves the cursor on a fresh line. */
  finish(): void {
    const last = this.#last
    if (last === undefined) return
    const { tty, stream, verb } = this.#options
    if (tty) stream.write(`\r${formatProgressBar(last, verb)}\x1b[K\n`)
    else if (this.#lastDrawn !== last) stream.write(`${formatProgressLine(last, verb)}\n`)
    this.#last = undefined
  }

  #draw(progress: ProgressSnapshot, at: number): void {
    const { tty, stream, verb } = this.#options
    this.#lastDrawAt = at
    this.#lastDrawn = progress
    if (tty) stream.write(`\r${formatProgressBar(progress, verb)}\x1b[K`)
    else stream.write(`${formatProgressLine(progress, verb)}\n`)
  }
}
