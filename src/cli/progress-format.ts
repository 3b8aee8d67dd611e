/** Where a bulk job stands; the same shape as the library's `BulkProgress`. */
export interface ProgressSnapshot {
  total: number
  done: number
  succeeded: number
  failed: number
  elapsedMs: number
  /** Users finished per second so far. */
  perSecond: number
  /**
   * Users finished per second lately, once known: the rate the tenant refills its rate limit at,
   * which the ETA uses. The average `perSecond` includes the initial burst and runs ahead of it.
   * `0` while unknown (ETA `?`); absent, the ETA uses `perSecond`.
   */
  recentPerSecond?: number
}

const BAR_WIDTH = 24

/**
 * The progress line for a terminal: a bar, counts, rate and ETA.
 *
 * @example
 * formatProgressBar({ total: 400, done: 100, succeeded: 99, failed: 1, elapsedMs: 10_000, perSecond: 10 }, 'deleted')
 * // [██████░░░░░░░░░░░░░░░░░░] 100/400  25%  10.0/s  ETA 30s  deleted 99, failed 1
 */
export function formatProgressBar(progress: ProgressSnapshot, verb: string): string {
  const fraction = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 1
  const filled = Math.round(fraction * BAR_WIDTH)
  const bar = `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`
  return `${bar} ${counts(progress)}  ${rates(progress)}  ${outcome(progress, verb)}`
}

/**
 * The progress line for logs and pipes: the same facts, no bar.
 *
 * @example
 * formatProgressLine({ total: 400, done: 100, succeeded: 100, failed: 0, elapsedMs: 10_000, perSecond: 10 }, 'deleted')
 * // progress: 100/400  25%  10.0/s  ETA 30s  deleted 100
 */
export function formatProgressLine(progress: ProgressSnapshot, verb: string): string {
  return `progress: ${counts(progress)}  ${rates(progress)}  ${outcome(progress, verb)}`
}

/** `45s`, `4m05s`, `2h03m`: short enough for one line, exact enough to plan a coffee. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`
}

function counts({ done, total }: ProgressSnapshot): string {
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100
  return `${done}/${total}  ${String(percent).padStart(3)}%`
}

function rates(progress: ProgressSnapshot): string {
  const { done, total, perSecond, elapsedMs } = progress
  const rate = `${perSecond.toFixed(1)}/s`
  if (done >= total) return `${rate}  took ${formatDuration(elapsedMs)}`
  // No rate yet, no honest ETA.
  const pace = progress.recentPerSecond ?? perSecond
  const eta = pace > 0 ? formatDuration(((total - done) / pace) * 1000) : '?'
  return `${rate}  ETA ${eta}`
}

function outcome({ succeeded, failed }: ProgressSnapshot, verb: string): string {
  return failed > 0 ? `${verb} ${succeeded}, failed ${failed}` : `${verb} ${succeeded}`
}
