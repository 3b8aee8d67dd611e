import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BLOCK_LIFETIME_MS,
  BLOCKED_MESSAGE,
  BruteForceGuard,
} from '../../src/emulator/brute-force.js'
import { escapeHtml } from '../../src/emulator/login-pages.js'
import { api, manualClock, startTenant, userPath, type TestTenant } from './helpers.js'
import {
  authorizeRequest,
  callbackParams,
  NATIVE_APP,
  OPERATOR,
  submitLogin,
} from './authorize-helpers.js'

describe('BruteForceGuard', () => {
  it('blocks an identifier from an IP at the threshold, case-insensitively', () => {
    const guard = new BruteForceGuard(manualClock().now, { threshold: 3 })
    expect(guard.recordFailure('Ann@x.test', '10.0.0.1')).toBe('counted')
    expect(guard.recordFailure('ann@x.test', '10.0.0.1')).toBe('counted')
    expect(guard.isBlocked('ann@x.test', '10.0.0.1')).toBe(false)
    expect(guard.recordFailure('ANN@x.test', '10.0.0.1')).toBe('blocked')
    expect(guard.isBlocked('ann@x.test', '10.0.0.1')).toBe(true)
    // Another IP, another identifier: not blocked.
    expect(guard.isBlocked('ann@x.test', '10.0.0.2')).toBe(false)
    expect(guard.isBlocked('bob@x.test', '10.0.0.1')).toBe(false)
    expect(guard.blocksOf('Ann@X.test')).toEqual([{ identifier: 'ann@x.test', ip: '10.0.0.1' }])
  })

  it('a success resets the count; unblock lifts blocks from one IP or all', () => {
    const guard = new BruteForceGuard(manualClock().now, { threshold: 2 })
    guard.recordFailure('ann', 'a')
    guard.recordSuccess('ann', 'a')
    expect(guard.recordFailure('ann', 'a')).toBe('counted')
    guard.recordFailure('ann', 'a')
    guard.recordFailure('ann', 'b')
    guard.recordFailure('ann', 'b')
    expect(guard.blocksOf('ann')).toHaveLength(2)
    guard.unblock('ann', 'a')
    expect(guard.blocksOf('ann')).toEqual([{ identifier: 'ann', ip: 'b' }])
    guard.unblock('ann')
    expect(guard.blocksOf('ann')).toEqual([])
    expect(guard.size).toBe(0)
  })

  it('a block lasts 30 days after the last failure, then is swept', () => {
    const clock = manualClock()
    const guard = new BruteForceGuard(clock.now, { threshold: 1 })
    guard.recordFailure('ann', 'a')
    clock.advance(BLOCK_LIFETIME_MS - 1)
    expect(guard.recordFailure('ann', 'a')).toBe('blocked') // extends the block
    clock.advance(BLOCK_LIFETIME_MS - 1)
    expect(guard.isBlocked('ann', 'a')).toBe(true)
    clock.advance(1)
    expect(guard.isBlocked('ann', 'a')).toBe(false)
    expect(guard.size).toBe(0)
  })

  it('keeps bounded memory under a spray of identifiers', () => {
    const guard = new BruteForceGuard(manualClock().now, { threshold: 2 }, 100)
    for (let i = 0; i < 10_000; i++) guard.recordFailure(`user${i}`, '10.0.0.1')
    expect(guard.size).toBeLessThanOrEqual(200)
  })

  it('refuses a threshold outside 1–100', () => {
    expect(() => new BruteForceGuard(Date.now, { threshold: 0 })).toThrow(/1 to 100/)
    expect(() => new BruteForceGuard(Date.now, { threshold: 101 })).toThrow(/1 to 100/)
  })
})

describe('the login page with brute-force protection', () => {
  let tenant: TestTenant
  const clock = manualClock()
  const OTHER = { email: 'other@acdc.test', password: 'Passw0rd!other' }

  beforeAll(async () => {
    tenant = await startTenant({
      now: clock.now,
      clients: [NATIVE_APP],
      loginRule: { role: 'cli' },
      bruteForce: { threshold: 5 },
      users: [
        { ...OPERATOR, app_metadata: { roles: ['cli'] } },
        { ...OTHER, app_metadata: { roles: ['cli'] } },
      ],
    })
  })
  afterAll(() => tenant.stop())

  const login = (credentials: { email: string; password: string }) =>
    submitLogin(tenant, authorizeRequest(tenant).url, credentials)

  it('blocks after the threshold, even the right password, until the password is changed', async () => {
    const wrong = { email: OPERATOR.email, password: 'Wr0ng-password' }
    for (let i = 1; i < 5; i++) expect((await login(wrong)).status).toBe(400)
    const fifth = await login(wrong)
    expect(fifth.status).toBe(429)
    expect(await fifth.text()).toContain(escapeHtml(BLOCKED_MESSAGE))

    const right = await login(OPERATOR)
    expect(right.status).toBe(429)
    expect(right.headers.get('location')).toBeNull()
    // Upper case is the same identifier; another user is not affected.
    expect((await login({ ...OPERATOR, email: OPERATOR.email.toUpperCase() })).status).toBe(429)
    expect(callbackParams(await login(OTHER)).get('code')).toBeTruthy()

    // A password change lifts the block (Auth0's rule).
    const [user] = (await api(tenant, 'GET', `/users-by-email?email=${OPERATOR.email}`)).body
    const patched = await api(tenant, 'PATCH', userPath(user.user_id), {
      body: { password: OPERATOR.password },
    })
    expect(patched.status).toBe(200)
    expect(callbackParams(await login(OPERATOR)).get('code')).toBeTruthy()
  })

  it('a successful login resets the count', async () => {
    const wrong = { email: OTHER.email, password: 'Wr0ng-password' }
    for (let i = 0; i < 4; i++) expect((await login(wrong)).status).toBe(400)
    expect(callbackParams(await login(OTHER)).get('code')).toBeTruthy()
    for (let i = 0; i < 4; i++) expect((await login(wrong)).status).toBe(400)
    expect(callbackParams(await login(OTHER)).get('code')).toBeTruthy()
  })

  it('a block expires 30 days after the last failure', async () => {
    const wrong = { email: OTHER.email, password: 'Wr0ng-password' }
    for (let i = 0; i < 5; i++) await login(wrong)
    expect((await login(OTHER)).status).toBe(429)
    clock.advance(BLOCK_LIFETIME_MS)
    expect(callbackParams(await login(OTHER)).get('code')).toBeTruthy()
  })
})
