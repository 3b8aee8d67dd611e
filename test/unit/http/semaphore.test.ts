import { describe, expect, it } from 'vitest'
import { Semaphore } from '../../../src/http/semaphore.js'

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once, in arrival order', async () => {
    const slots = new Semaphore(2)
    const gates = Array.from({ length: 5 }, deferred)
    const started: number[] = []
    let running = 0
    let peak = 0
    const runs = gates.map((gate, i) =>
      slots.run(async () => {
        started.push(i)
        peak = Math.max(peak, ++running)
        await gate.promise
        running--
        return i
      }),
    )
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    expect(slots.waiting).toBe(3)
    gates[1]!.resolve()
    await runs[1]
    await Promise.resolve()
    expect(started).toEqual([0, 1, 2])
    for (const gate of gates) gate.resolve()
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4])
    expect(peak).toBe(2)
    expect(slots.active).toBe(0)
  })

  it('frees the slot when a task fails', async () => {
    const slots = new Semaphore(1)
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await slots.run(async () => 'next')).toBe('next')
    expect(slots.active).toBe(0)
  })
})
