import { inspect } from 'node:util'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runBulk } from '../../../src/bulk/run-bulk.js'
import type { BulkProgress } from '../../../src/bulk/types.js'
import { Auth0Error, InvalidArgument } from '../../../src/errors.js'
import { UsersApi } from '../../../src/api/users-api.js'
import { HttpClient } from '../../../src/http/http-client.js'
import { resolveTenant } from '../../../src/auth/tenant-address.js'
import { StaticTokenProvider } from '../../../src/auth/token-provider.js'
import {
  api,
  connect,
  CONNECTION,
  DOMAIN,
  envelope,
  fakeUsers,
  pageQuery,
  TOKEN,
} from '../../support/nock-tenant.js'

const SCOPE = `identities.connection:"${CONNECTION}"`
const path = (user: Record<string, unknown>) => `/users/${encodeURIComponent(String(user.user_id))}`

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

describe('qs.delete()', () => {
  it('collects every match, hands them to beforeAct, then sends one DELETE per user', async () => {
    const users = fakeUsers(3)
    const events: string[] = []
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100))
      .reply(200, envelope(users, 3))
    for (const user of users) {
      scope.delete(path(user)).reply(() => {
        events.push(`DELETE ${String(user.user_id)}`)
        return [204]
      })
    }
    const progress: BulkProgress[] = []
    const result = await connect()
      .users.all()
      .delete({
        beforeAct: async (matched) => {
          events.push(`beforeAct ${matched.map((user) => user.user_id).join(',')}`)
        },
        onProgress: (p) => progress.push(p),
      })
    expect(result).toEqual({ total: 3, count: 3, failed: [], notAttempted: [] })
    expect(events[0]).toBe(`beforeAct ${users.map((user) => user.user_id).join(',')}`)
    expect(events.slice(1).sort()).toEqual(users.map((user) => `DELETE ${String(user.user_id)}`))
    expect(progress.map((p) => [p.total, p.done, p.succeeded, p.failed])).toEqual([
      [3, 0, 0, 0],
      [3, 1, 1, 0],
      [3, 2, 2, 0],
      [3, 3, 3, 0],
    ])
    scope.done()
  })

  it('counts a 404 as deleted (DELETE is idempotent)', async () => {
    const [user] = fakeUsers(1)
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100))
      .reply(200, envelope([user], 1))
      .delete(path(user!))
      .reply(404, { statusCode: 404, error: 'Not Found', message: 'The user does not exist.' })
    await expect(connect().users.all().delete()).resolves.toMatchObject({ total: 1, count: 1 })
    scope.done()
  })

  it('touches nobody when the signal aborts before acting: all not attempted', async () => {
    const users = fakeUsers(2)
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100))
      .reply(200, envelope(users, 2))
    const controller = new AbortController()
    const result = await connect()
      .users.all()
      .delete({ signal: controller.signal, beforeAct: () => controller.abort() })
    expect(result).toEqual({
      total: 2,
      count: 0,
      failed: [],
      notAttempted: users.map((user) => user.user_id),
    })
    scope.done()
  })

  it('rejects bad options before any request', async () => {
    await expect(
      connect()
        .users.all()
        .delete({ onProgress: 5 } as never),
    ).rejects.toThrow(InvalidArgument)
  })
})

describe('qs.update(fields)', () => {
  it('sends the same PATCH body to each user and collects a per-user 400', async () => {
    const users = fakeUsers(3)
    const body = { blocked: true, app_metadata: { plan: 'free', trial: null } }
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100))
      .reply(200, envelope(users, 3))
      .patch(path(users[0]!), body)
      .reply(200, users[0])
      .patch(path(users[1]!), body)
      .reply(400, { statusCode: 400, error: 'Bad Request', message: `Bad thing near ${TOKEN}` })
      .patch(path(users[2]!), body)
      .reply(200, users[2])
    const result = await connect().users.all().update(body)
    expect(result.total).toBe(3)
    expect(result.count).toBe(2)
    expect(result.notAttempted).toEqual([])
    expect(result.failed).toHaveLength(1)
    expect(result.failed[0]!.user_id).toBe(users[1]!.user_id)
    expect(result.failed[0]!.error).toBeInstanceOf(Auth0Error)
    expect((result.failed[0]!.error as Auth0Error).statusCode).toBe(400)
    // The error is the library's own, scrubbed: the token the server echoed is gone.
    expect(inspect(result.failed[0]!.error, { depth: 5 })).not.toContain(TOKEN)
    scope.done()
  })

  it('sends a PATCH whose outcome was lost (503, reset) again, later, once', async () => {
    const [user] = fakeUsers(1)
    const body = { app_metadata: { wave: 'second' } }
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100))
      .reply(200, envelope([user], 1))
      .patch(path(user!), body)
      .reply(503, { statusCode: 503, error: 'Service Unavailable', message: 'busy' })
      .patch(path(user!), body)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .patch(path(user!), body)
      .reply(200, user)
    const result = await connect().users.all().update(body)
    expect(result).toEqual({ total: 1, count: 1, failed: [], notAttempted: [] })
    scope.done()
  })

  it('reports a user as failed once the passing errors outlast the requeues', async () => {
    const [user] = fakeUsers(1)
    const scope = api()
      .get('/users')
      .query(pageQuery(SCOPE, 0, 100))
      .reply(200, envelope([user], 1))
      .delete(path(user!))
      .times(6)
      .reply(500, { statusCode: 500, error: 'Internal Server Error', message: 'down' })
    const result = await connect().users.all().delete()
    expect(result.count).toBe(0)
    expect(result.failed.map((f) => [f.user_id, String(f.error)])).toEqual([
      [user!.user_id, '500: down'],
    ])
    scope.done()
  }, 20_000)

  it.each([
    ['an empty object', {}],
    ['a password', { password: 'Passw0rd!' }],
    ['a unique e-mail', { email: 'same@example.com' }],
    ['a server field', { logins_count: 3 }],
    ['an unknown attribute', { favourite_band: 'AC/DC' }],
    ['metadata that is not an object', { user_metadata: 'x' }],
    ['a wrong type', { blocked: 'yes' }],
  ])('refuses %s before any request', async (_name, fields) => {
    await expect(
      connect()
        .users.all()
        .update(fields as never),
    ).rejects.toThrow(InvalidArgument)
  })
})

describe('runBulk', () => {
  const http = () =>
    new HttpClient({
      address: resolveTenant(DOMAIN),
      tokens: new StaticTokenProvider(TOKEN),
      maxRetries: 0,
    })

  it('stops at a 403 (the credentials, not the user): the rest are not attempted', async () => {
    const ids = ['auth0|1', 'auth0|2', 'auth0|3']
    const scope = api()
      .delete('/users/auth0%7C1')
      .reply(204)
      .delete('/users/auth0%7C2')
      .reply(403, { statusCode: 403, error: 'Forbidden', message: 'Insufficient scope' })
    const result = await runBulk({
      ids,
      users: ids,
      act: (id) => new UsersApi(http()).delete(id),
      concurrency: 1,
    })
    expect(result.count).toBe(1)
    expect(result.failed.map((f) => f.user_id)).toEqual(['auth0|2'])
    expect(result.notAttempted).toEqual(['auth0|3'])
    scope.done()
  })

  it('sends one request alone first: a 403 there leaves the rest not attempted, at any concurrency', async () => {
    const ids = ['auth0|1', 'auth0|2', 'auth0|3']
    const scope = api()
      .delete('/users/auth0%7C1')
      .reply(403, { statusCode: 403, error: 'Forbidden', message: 'Insufficient scope' })
    const users = new UsersApi(http())
    const result = await runBulk({ ids, users: ids, act: (id) => users.delete(id) })
    expect(result.failed.map((f) => f.user_id)).toEqual(['auth0|1'])
    expect(result.notAttempted).toEqual(['auth0|2', 'auth0|3'])
    scope.done()
  })

  it('is paced by its HTTP client: waits for the reset instead of meeting a 429', async () => {
    let now = Date.parse('2025-06-01T12:00:00.250Z')
    const slept: number[] = []
    const paced = new HttpClient({
      address: resolveTenant(DOMAIN),
      tokens: new StaticTokenProvider(TOKEN),
      maxRetries: 0,
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms)
        now += ms
      },
    })
    const users = new UsersApi(paced)
    const reset = String(Date.parse('2025-06-01T12:00:01.000Z') / 1000)
    const limited = (remaining: number) => ({
      'x-ratelimit-limit': '2',
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': reset,
    })
    const scope = api()
      .delete('/users/a')
      .reply(204, '', limited(1))
      .delete('/users/b')
      .reply(204, '', limited(0))
      .delete('/users/c')
      .reply(204, '', limited(0))
    const result = await runBulk({
      ids: ['a', 'b', 'c'],
      users: ['a', 'b', 'c'],
      act: (id) => users.delete(id),
    })
    expect(result.count).toBe(3)
    expect(slept).toEqual([750]) // a alone, then b (1 left), then c after the reset
    scope.done()
  })
})
