/** How much history the estimate looks at: long enough to average out whole-token rounding. */
const WINDOW_MS = 10_000
/** A span this long is enough on its own (a slow bucket gains few tokens in it)... */
const ENOUGH_SPAN_MS = 1_000
/** ...a shorter one when the bucket gained this many tokens, so rounding costs ≤ 10 %. */
const ENOUGH_GAIN = 10
/** Below this, clock resolution and latency make any estimate noise. */
const MIN_SPAN_MS = 100

interface Sample {
  /** When the answer was read. */
  at: number
  /**
   * When its request left (default `at`): the server read `remaining` between the two. Spans run
   * from the first sample's `sentAt` to the last one's `at`, the longest the server may have
   * taken, so a slow or loaded client that reads answers late errs low, never high.
   */
  sentAt?: number
  remaining: number
  /** Tokens this client had spent (answers that were not 429s) when the sample was taken. */
  spent: number
  /**
   * Requests in flight then: answers arrive out of the order the server took the tokens, so
   * `spent` and `remaining` may disagree by this much.
   */
  inFlight?: number
}

/**
 * Learns how fast the tenant's bucket refills, which no header states: between two answers the
 * bucket gained `Δremaining + tokens spent in between` over `Δt`. `remaining` is rounded down,
 * and answers overtake each other, so one token plus those in flight is taken off the gain: the estimate errs low, and a low estimate only delays a
 * send a little (the next `remaining` shows the extra tokens, which are then spent) while a high
 * one would cause 429s. A bucket seen (nearly) full restarts the history, since it stops
 * refilling when full. A fast bucket is learnt within its first burst (its gain shows in a
 * tenth of a second), a slow one after a second. Other clients of the tenant spending tokens also lower the estimate,
 * which is what pacing wants.
 *
 * @example
 * const estimator = new RefillEstimator()
 * estimator.add({ at: 0, remaining: 10, spent: 0 }, 50)
 * estimator.add({ at: 2000, remaining: 10, spent: 33 }, 50)
 * estimator.perMs() // (0 + 33 - 1) / 2000 = 0.016 tokens per ms (16/s)
 */
export class RefillEstimator {
  #samples: Sample[] = []
  /** What a bucket seen refilled to full proves: the rate is at least this (tokens per ms). */
  #atLeast: number | undefined

  add(sample: Sample, limit: number): void {
    if (sample.remaining >= limit - 1) {
      // It may have been full for a while, so this is only a lower bound; it keeps a job that
      // has not learnt the rate yet from waiting whole seconds for x-ratelimit-reset while a
      // fast bucket overflows.
      const last = this.#samples.at(-1)
      if (last && sample.at > last.at) {
        const slack = 1 + (last.inFlight ?? 0) + (sample.inFlight ?? 0)
        const gained = sample.remaining - last.remaining + (sample.spent - last.spent) - slack
        const span = sample.at - (last.sentAt ?? last.at)
        if (gained > 0) this.#atLeast = Math.max(this.#atLeast ?? 0, gained / span)
      }
      this.#samples = [sample]
      return
    }
    this.#samples.push(sample)
    const horizon = sample.at - WINDOW_MS
    while (this.#samples.length > 2 && this.#samples[1]!.at <= horizon) this.#samples.shift()
  }

  /**
   * Tokens per millisecond: measured over the recent history when it is long enough, else the
   * lower bound a refilled bucket proved, else `undefined`.
   */
  perMs(): number | undefined {
    return this.#measured() ?? this.#atLeast
  }

  #measured(): number | undefined {
    const first = this.#samples[0]
    const last = this.#samples.at(-1)
    if (!first || !last) return undefined
    const span = last.at - (first.sentAt ?? first.at)
    const slack = 1 + (first.inFlight ?? 0) + (last.inFlight ?? 0)
    const gained = last.remaining - first.remaining + (last.spent - first.spent) - slack
    if (span < MIN_SPAN_MS || gained <= 0) return undefined
    if (span < ENOUGH_SPAN_MS && gained < ENOUGH_GAIN) return undefined
    return gained / span
  }
}
