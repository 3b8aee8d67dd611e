import { FaultInjector, type FaultKind, type FaultOptions } from '../../../src/emulator/faults.js'
import type { TapCounts } from './tap.js'

/**
 * The faults an emulator injected into its first `requests` API requests. Its injector draws
 * twice per request from a seeded PRNG whatever happens, so replaying the same seed over the
 * count the tap saw gives the exact figures, `slow` included (which no client can observe).
 */
export function faultsInjected(options: FaultOptions, requests: number): Record<FaultKind, number> {
  const injector = new FaultInjector(options)
  const counts: Record<FaultKind, number> = { '429': 0, '500': 0, '503': 0, reset: 0, slow: 0 }
  for (let i = 0; i < requests; i++) {
    const kind = injector.next()
    if (kind !== undefined) counts[kind]++
  }
  return counts
}

export const totalFaults = (counts: Record<FaultKind, number>): number =>
  Object.values(counts).reduce((a, b) => a + b, 0)

/** One suite's figures, printed as one line the README's table is built from. */
export interface Figures {
  suite: string
  requests: number
  faults?: Record<FaultKind, number>
  users: number
  leaks?: number
  extra?: string
}

export function printFigures(figures: Figures): void {
  const parts = [`requests=${figures.requests}`]
  if (figures.faults) {
    const byKind = Object.entries(figures.faults)
      .map(([kind, n]) => `${kind}:${n}`)
      .join(' ')
    parts.push(`faults=${totalFaults(figures.faults)} (${byKind})`)
  }
  parts.push(`users=${figures.users}`)
  if (figures.leaks !== undefined) parts.push(`leaks=${figures.leaks}`)
  if (figures.extra) parts.push(figures.extra)
  console.log(`[reliability] ${figures.suite}: ${parts.join(', ')}`)
}

/** The tap's 429/500/503/reset answers, which must match the replayed faults one for one. */
export function observedFailures(
  counts: TapCounts,
): Record<'429' | '500' | '503' | 'reset', number> {
  return {
    '429': counts.statuses.get(429) ?? 0,
    '500': counts.statuses.get(500) ?? 0,
    '503': counts.statuses.get(503) ?? 0,
    reset: counts.resets,
  }
}

/**
 * Every secret found in `texts`, as `secret #i in text #j` (never the secret itself, so a failure
 * message does not leak it either).
 */
export function leaks(texts: readonly string[], secrets: readonly string[]): string[] {
  const found: string[] = []
  secrets.forEach((secret, i) => {
    if (secret.length < 4) throw new Error(`secret #${i} is too short to search for`)
    texts.forEach((text, j) => {
      if (text.includes(secret)) found.push(`secret #${i} in text #${j}`)
    })
  })
  return found
}

/** A JWT (any access token the emulator or Auth0 issues) anywhere in the text. */
export const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/
