/**
 * A simulated clock for code that paces itself by sleeping: time moves only when every actor is
 * blocked on a sleep, and then straight to the earliest wake-up. Requests on the wire take no
 * simulated time (they hold the clock until answered: `busy`), so what a test asserts depends
 * on the code's decisions, never on how fast the machine is.
 *
 * Unlike a clock whose `sleep` adds its delay at once, concurrent sleepers do not add up, and a
 * sleep that loses a race to an answer does not move time past that answer.
 *
 * @example
 * const clock = simClock(Date.parse('2025-06-01T00:00:00Z'), () => requestsInFlight > 0)
 * const http = new HttpClient({ address, tokens, now: clock.now, sleep: clock.sleep })
 */
export function simClock(start: number, busy: () => boolean = () => false) {
  let t = start
  let seq = 0
  const timers: { at: number; seq: number; wake: () => void }[] = []
  let pumping = false

  const pump = () => {
    if (timers.length === 0) {
      pumping = false
      return
    }
    // An answer on its way keeps the clock still until it has been read (poll, without spinning).
    if (busy()) {
      setTimeout(pump, 1)
      return
    }
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
    const next = timers.shift()!
    t = Math.max(t, next.at)
    next.wake()
    // setImmediate runs after the microtasks the wake-up queued: the woken actor acts first.
    setImmediate(pump)
  }

  return {
    now: () => t,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        timers.push({ at: t + Math.max(0, ms), seq: seq++, wake })
        if (!pumping) {
          pumping = true
          setImmediate(pump)
        }
      }),
  }
}

/**
 * Requests in flight, counted from an auth0plus logger's `request` and `response` lines (and
 * `retry` lines after a network error). A network error that is not retried logs nothing: use
 * it where requests get answers.
 */
export function wireCounter() {
  let inFlight = 0
  const statuses: number[] = []
  return {
    busy: () => inFlight > 0,
    statuses,
    throttled: () => statuses.filter((status) => status === 429).length,
    logger: {
      debug(message: string, fields?: Record<string, unknown>) {
        if (message.startsWith('auth0plus http request')) inFlight++
        if (message.startsWith('auth0plus http retry') && fields?.code !== undefined) inFlight--
        if (message.startsWith('auth0plus http response')) {
          inFlight--
          statuses.push(Number(fields?.status))
        }
      },
    },
  }
}
