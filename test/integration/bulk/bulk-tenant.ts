import { Auth0 } from '../../../src/index.js'
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../../src/emulator/index.js'

export const BASE = Date.parse('2024-01-01T00:00:00.000Z')

/**
 * Milliseconds a test of thousands of requests against a real emulator may take: a few seconds
 * alone, several times that on a machine busy with other suites. Generous, so only a hang fails.
 */
export const HEAVY = 90_000

/** Seed users for `startEmulator({ users })`, created `stepMs` apart from BASE (or all at once). */
export function seedUsers(
  n: number,
  options: { prefix?: string; stepMs?: number; from?: number } = {},
) {
  const { prefix = 'user', stepMs = 1, from = 0 } = options
  return Array.from({ length: n }, (_, i) => ({
    email: `${prefix}${from + i}@example.com`,
    created_at: new Date(BASE + (from + i) * stepMs).toISOString(),
  }))
}

export interface LoggedRequest {
  event: string
  method: string
  path: string
  status?: number
  attempt: number
}

/** An emulator on 127.0.0.1 and a client of it that records every request it sends. */
export async function bulkTenant(options: EmulatorOptions = {}) {
  const tenant: RunningEmulator = await startEmulator({ port: 0, ...options })
  const log: LoggedRequest[] = []
  const auth0 = new Auth0(tenant.domain, {
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    defaultConnection: tenant.connection,
    logger: {
      debug: (message, fields) => {
        const event = /auth0plus http (\w+)/.exec(message)?.[1] ?? '?'
        log.push({ event, ...(fields as Omit<LoggedRequest, 'event'>) })
      },
    },
  })
  const sent = (method: string, prefix = '/') =>
    log.filter(
      (line) => line.event === 'request' && line.method === method && line.path.startsWith(prefix),
    )
  return { tenant, auth0, log, sent }
}

/** How many times each value occurs. */
export function tally(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return counts
}
