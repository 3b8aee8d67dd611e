import { afterAll, afterEach, expect } from 'vitest'
import {
  startEmulator,
  type EmulatorOptions,
  type FaultOptions,
} from '../../../src/emulator/index.js'
import { faultsInjected, observedFailures, printFigures } from './figures.js'
import { SEED } from './prng.js'
import { startTap, type Tap } from './tap.js'

/** The fault mix: 10 % of API requests, every kind, seeded. */
export const FAULTS: FaultOptions = {
  rate: 0.1,
  kinds: ['429', '500', '503', 'reset', 'slow'],
  seed: SEED,
  slowMs: 250,
}

/**
 * Hooks for one test file of faulty tenants: each is stopped after its test, and the file's
 * figures (requests through the taps, faults replayed from the seed, users) print at the end.
 */
export function faultSuite(suite: string) {
  const cleanups: (() => Promise<void>)[] = []
  const taps: { tap: Tap; faults: FaultOptions | undefined; users: number }[] = []

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  afterAll(() => {
    const faults = { '429': 0, '500': 0, '503': 0, reset: 0, slow: 0 }
    let requests = 0
    let users = 0
    for (const { tap, faults: options, users: seeded } of taps) {
      requests += tap.counts.api
      users += seeded
      if (!options) continue
      const injected = faultsInjected(options, tap.counts.api)
      for (const kind of Object.keys(faults) as (keyof typeof faults)[]) {
        faults[kind] += injected[kind]
      }
    }
    printFigures({ suite, requests, faults, users, extra: `seed=${SEED}` })
  })

  /** An emulator failing requests as `faults` says, seeded with `users`, behind a counting tap. */
  async function faultyTenant(
    users: Record<string, unknown>[],
    options: EmulatorOptions = {},
    /** `false`: a tenant without faults. */
    faults: FaultOptions | false = FAULTS,
    intercept?: Parameters<typeof startTap>[1],
  ) {
    const tenant = await startEmulator({
      port: 0,
      faults: faults === false ? undefined : faults,
      users,
      ...options,
    })
    const tap = await startTap(tenant, intercept)
    cleanups.push(
      () => tap.stop(),
      () => tenant.stop(),
    )
    taps.push({ tap, faults: faults === false ? undefined : faults, users: users.length })
    return { tenant, tap }
  }

  return { faultyTenant }
}

/** The tap saw exactly the failures the seed says the emulator injected. */
export function expectFaultsAsSeeded(tap: Tap, faults: FaultOptions = FAULTS): void {
  const { slow: _slow, ...failures } = faultsInjected(faults, tap.counts.api)
  expect(observedFailures(tap.counts)).toEqual(failures)
}
