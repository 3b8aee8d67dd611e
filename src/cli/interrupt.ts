/**
 * Ctrl-C during a bulk job: the first SIGINT aborts the job's signal (requests in flight
 * finish, none start) so the summary can say exactly what was done; a second one exits at once.
 * The handler lives only while the job runs; outside it Ctrl-C behaves as usual.
 */
export function interruptOnSigint(onFirst: () => void): { signal: AbortSignal; release(): void } {
  const controller = new AbortController()
  const handler = () => {
    if (controller.signal.aborted) process.exit(130)
    controller.abort(new Error('Interrupted by SIGINT'))
    onFirst()
  }
  process.on('SIGINT', handler)
  return { signal: controller.signal, release: () => process.off('SIGINT', handler) }
}
