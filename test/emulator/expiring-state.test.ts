import { describe, expect, it } from 'vitest'
import { AuthorizationCodes } from '../../src/emulator/authorization-codes.js'
import { ConnectionRegistry } from '../../src/emulator/connections.js'
import { ExpiringMap } from '../../src/emulator/expiring-map.js'
import { ExportJobs, JOB_TTL_MS, MAX_EXPORT_JOBS } from '../../src/emulator/export-jobs.js'
import {
  LoginTransactions,
  MAX_PENDING_LOGINS,
  TRANSACTION_LIFETIME_MS,
} from '../../src/emulator/login-transactions.js'
import { manualClock } from './helpers.js'

const transaction = {
  clientId: 'app',
  redirectUri: 'http://127.0.0.1/callback',
  state: 's',
  codeChallenge: undefined,
  audience: 'https://127.0.0.1:1/api/v2/',
  scope: 'read:users',
}

describe('ExpiringMap', () => {
  it('forgets entries after their lifetime and sweeps them from memory', () => {
    const clock = manualClock()
    const map = new ExpiringMap<number>(clock.now, 1000, 100)
    for (let i = 0; i < 10; i++) map.set(`k${i}`, i)
    clock.advance(999)
    expect(map.get('k0')).toBe(0)
    clock.advance(1)
    expect(map.get('k9')).toBeUndefined()
    // The read swept every expired entry, not only the one asked for.
    expect(map.size).toBe(0)
  })

  it('keeps at most maxEntries, the oldest going first; a write refreshes a key', () => {
    const clock = manualClock()
    const map = new ExpiringMap<number>(clock.now, 60_000, 3)
    map.set('a', 1)
    map.set('b', 2)
    map.set('a', 3) // now the newest
    map.set('c', 4)
    map.set('d', 5)
    expect(map.size).toBe(3)
    expect(map.get('b')).toBeUndefined()
    expect([...map.values()]).toEqual([3, 4, 5])
  })

  it('take consumes a live entry once; an expired one is never returned', () => {
    const clock = manualClock()
    const map = new ExpiringMap<string>(clock.now, 100, 10)
    map.set('code', 'grant')
    expect(map.take('code')).toBe('grant')
    expect(map.take('code')).toBeUndefined()
    map.set('late', 'grant')
    clock.advance(100)
    expect(map.take('late')).toBeUndefined()
  })

  it('stays fast under a flood: each write sweeps only what expired (no full scan)', () => {
    const clock = manualClock()
    const map = new ExpiringMap<number>(clock.now, 1_000_000, 200_000)
    const started = performance.now()
    for (let i = 0; i < 200_000; i++) {
      map.set(`k${i}`, i)
      clock.advance(1)
    }
    // The old sweep visited every live entry on each write: 2·10^10 steps here.
    expect(performance.now() - started).toBeLessThan(5000)
    expect(map.size).toBe(200_000)
  })
})

describe('LoginTransactions', () => {
  it(`holds at most ${MAX_PENDING_LOGINS} pending logins, dropping the oldest`, () => {
    const clock = manualClock()
    const logins = new LoginTransactions(clock.now)
    const first = logins.start(transaction)
    for (let i = 0; i < 5 * MAX_PENDING_LOGINS; i++) logins.start(transaction)
    expect(logins.size).toBe(MAX_PENDING_LOGINS)
    expect(logins.get(first)).toBeUndefined()
  })

  it('evicts expired transactions from memory, not only from view', () => {
    const clock = manualClock()
    const logins = new LoginTransactions(clock.now)
    for (let i = 0; i < 100; i++) logins.start(transaction)
    clock.advance(TRANSACTION_LIFETIME_MS)
    const fresh = logins.start(transaction)
    expect(logins.size).toBe(1)
    expect(logins.get(fresh)).toEqual(transaction)
  })
})

describe('AuthorizationCodes', () => {
  it('sweeps expired codes and keeps single use', () => {
    const clock = manualClock()
    const codes = new AuthorizationCodes(clock.now, 1000)
    const grant = { ...transaction, userId: 'auth0|1', scopes: [] }
    const old = codes.issue(grant)
    clock.advance(1000)
    const code = codes.issue(grant)
    expect(codes.take(old)).toBeUndefined()
    expect(codes.take(code)).toEqual(grant)
    expect(codes.take(code)).toBeUndefined()
  })
})

describe('ExportJobs', () => {
  const connections = new ConnectionRegistry(['db'], 'fair')
  const users = [{ user_id: 'auth0|1', identities: [{ connection: 'db' }] }]

  it('evicts a job (users and file) once it has expired', async () => {
    const clock = manualClock()
    const jobs = new ExportJobs(clock.now, 0, 'emulator')
    const { id } = jobs.create({}, connections, users) as { id: string }
    const location = jobs.describe(id, 'http://127.0.0.1:1').location as string
    const url = new URL(location)
    expect(await jobs.download(url.pathname, url.searchParams)).toBeDefined()
    clock.advance(JOB_TTL_MS)
    expect(() => jobs.describe(id, 'http://127.0.0.1:1')).toThrow('Job not found.')
    expect(jobs.size).toBe(0)
  })

  it('bounds the work of a job: at most 30 fields of at most 100 characters', () => {
    const jobs = new ExportJobs(manualClock().now, 0, 'emulator')
    const many = Array.from({ length: 31 }, (_, i) => ({ name: `user_metadata.f${i}` }))
    expect(() => jobs.create({ fields: many }, connections, users)).toThrow(
      "Payload validation error: 'Array is too long (31), maximum 30' on property fields (List of fields to be included in the CSV. Defaults to a predefined set of fields).",
    )
    expect(() =>
      jobs.create({ fields: [{ name: 'email', export_as: 'x'.repeat(101) }] }, connections, users),
    ).toThrow(
      "Payload validation error: 'String is too long (101 chars), maximum 100' on property fields/0/export_as.",
    )
    expect(jobs.create({ fields: many.slice(0, 30) }, connections, users).status).toBe('pending')
  })

  it(`keeps at most ${MAX_EXPORT_JOBS} jobs, the oldest going first`, () => {
    const clock = manualClock()
    const jobs = new ExportJobs(clock.now, 0, 'emulator')
    const ids = Array.from(
      { length: MAX_EXPORT_JOBS + 5 },
      () => (jobs.create({}, connections, users) as { id: string }).id,
    )
    expect(jobs.size).toBe(MAX_EXPORT_JOBS)
    expect(() => jobs.describe(ids[0]!, 'http://127.0.0.1:1')).toThrow('Job not found.')
    expect(jobs.describe(ids.at(-1)!, 'http://127.0.0.1:1').status).toBe('completed')
  })
})
