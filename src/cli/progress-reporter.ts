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
}

/**
 * Shows a bulk job's progress: a bar redrawn in place on a terminal (throttled, so a fast job
 * does not spend its time painting), or plain lines otherwise, at most one per 10 % step or
 * per `quietMs`, so logs stay readable for a 40,000-user job.
 */
export class ProgressReporter {
  readonly #options: Required<ProgressReporterOptions>
  #lastDrawAt = -Infinity
  #lastStep = 0
  #last: ProgressSnapshot | undefined
  #lastDrawn: ProgressSnapshot | undefined

  constructor(options: ProgressReporterOptions) {
    this.#options = { now: Date.now, redrawMs: 100, quietMs: 10_000, ...options }
  }

  update(progress: ProgressSnapshot): void {
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
