import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import {
  formatDuration,
  formatProgressBar,
  formatProgressLine,
  type ProgressSnapshot,
} from '../../src/cli/progress-format.js'
import { ProgressReporter } from '../../src/cli/progress-reporter.js'

const at = (done: number, extra: Partial<ProgressSnapshot> = {}): ProgressSnapshot => ({
  total: 400,
  done,
  succeeded: done,
  failed: 0,
  elapsedMs: done * 100,
  perSecond: done > 0 ? 10 : 0,
  ...extra,
})

describe('progress formatting', () => {
  it('draws a bar with counts, rate, ETA and failures', () => {
    expect(formatProgressBar(at(100, { succeeded: 99, failed: 1 }), 'deleted')).toBe(
      '[██████░░░░░░░░░░░░░░░░░░] 100/400   25%  10.0/s  ETA 30s  deleted 99, failed 1',
    )
  })

  it('says "?" for the ETA before there is a rate, and the duration once done', () => {
    expect(formatProgressLine(at(0), 'updated')).toBe(
      'progress: 0/400    0%  0.0/s  ETA ?  updated 0',
    )
    expect(formatProgressLine(at(400), 'updated')).toBe(
      'progress: 400/400  100%  10.0/s  took 40s  updated 400',
    )
  })

  it('formats durations compactly', () => {
    expect(formatDuration(44_600)).toBe('45s')
    expect(formatDuration(245_000)).toBe('4m05s')
    expect(formatDuration(7_380_000)).toBe('2h03m')
  })
})

function capture() {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return { stream, text: () => text }
}

describe('ProgressReporter', () => {
  it('writes plain lines once per 10 % step or after a quiet spell, and the end', () => {
    const out = capture()
    let now = 0
    const reporter = new ProgressReporter({
      stream: out.stream,
      tty: false,
      verb: 'deleted',
      now: () => now,
    })
    for (let done = 0; done <= 100; done++) {
      now += 10
      reporter.update(at(done, { total: 1000 }))
    }
    // The start, then 10 % reached once.
    expect(out.text().split('\n').filter(Boolean)).toHaveLength(2)
    now += 10_000
    reporter.update(at(101, { total: 1000 })) // quiet for 10 s: drawn
    reporter.update(at(102, { total: 1000 })) // not drawn…
    reporter.finish() // …until the end
    reporter.finish() // and only once
    const lines = out.text().split('\n').filter(Boolean)
    expect(lines.map((line) => line.split('  ')[0])).toEqual([
      'progress: 0/1000',
      'progress: 100/1000',
      'progress: 101/1000',
      'progress: 102/1000',
    ])
  })

  it('redraws a terminal bar in place, throttled, and ends the line', () => {
    const out = capture()
    let now = 0
    const reporter = new ProgressReporter({
      stream: out.stream,
      tty: true,
      verb: 'deleted',
      now: () => now,
    })
    reporter.update(at(1))
    now += 50
    reporter.update(at(2)) // inside the 100 ms throttle: not drawn
    now += 60
    reporter.update(at(3))
    reporter.finish()
    const draws = out.text().split('\r').filter(Boolean)
    expect(draws.map((d) => /\] (\d+)\//.exec(d)?.[1])).toEqual(['1', '3', '3'])
    expect(out.text().endsWith('\x1b[K\n')).toBe(true)
  })
})

describe('the ETA', () => {
  it('follows the recent rate (the refill rate), not the average that includes the burst', () => {
    const out = capture()
    const reporter = new ProgressReporter({
      stream: out.stream,
      tty: false,
      verb: 'deleted',
      quietMs: 0,
    })
    // 160 users, a burst of 50 in the first 0.3 s, then 16 a second: about 7.2 s in all.
    const timeline: [number, number][] = [
      [0, 0],
      [300, 50],
    ]
    for (let done = 51; done <= 90; done++) timeline.push([300 + ((done - 50) / 16) * 1000, done])
    const progress = (elapsedMs: number, done: number) => ({
      total: 160,
      done,
      succeeded: done,
      failed: 0,
      elapsedMs,
      perSecond: elapsedMs > 0 ? (done / elapsedMs) * 1000 : 0,
    })
    for (const [elapsedMs, done] of timeline) reporter.update(progress(elapsedMs, done))
    const lines = out.text().split('\n').filter(Boolean)
    // Right after the burst, the average (166/s) would say 1s: unknown yet.
    expect(lines.find((line) => line.startsWith('progress: 50/160'))).toContain('ETA ?')
    // Past a window after the burst, 70 to go at the refill rate: 4s, where the average (32/s)
    // says 2s.
    expect(lines.at(-1)).toMatch(/^progress: 90\/160 .* ETA 4s /)
  })
})
