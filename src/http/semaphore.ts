/**
 * At most `limit` tasks at once; the others wait in arrival order.
 *
 * @example
 * const slots = new Semaphore(10)
 * await slots.run(() => send(request))
 */
export class Semaphore {
  readonly limit: number
  #active = 0
  readonly #waiting: Array<() => void> = []

  constructor(limit: number) {
    this.limit = limit
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active
  }

  /** Tasks queued for a slot. */
  get waiting(): number {
    return this.#waiting.length
  }

  /** Runs `task` once a slot is free and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve))
    } else {
      this.#active++
    }
    try {
      return await task()
    } finally {
      const next = this.#waiting.shift()
      // The slot passes straight to the next task, so `active` never dips and lets a newcomer in.
      if (next) next()
      else this.#active--
    }
  }
}
