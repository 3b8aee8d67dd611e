import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LogStore } from '../../src/emulator/log-events.js'
import { authorizeRequest, callbackParams, NATIVE_APP, submitLogin } from './authorize-helpers.js'
import {
  api,
  createUser,
  getToken,
  manualClock,
  startTenant,
  userPath,
  type TestTenant,
} from './helpers.js'

const NARROW = { clientId: 'narrowClient', clientSecret: 'narrow-secret', scopes: ['read:users'] }
const LOGS_ONLY = {
  clientId: 'logsClient',
  clientSecret: 'logs-secret',
  scopes: ['read:logs_users'],
}

let tenant: TestTenant
let ann: { user_id: string }

beforeAll(async () => {
  tenant = await startTenant({ clients: [NATIVE_APP, NARROW, LOGS_ONLY] })
  ann = await createUser(tenant, { email: 'ann@logs.test', password: 'Passw0rd!ann' })
  const login = (email: string, password: string) =>
    submitLogin(tenant, authorizeRequest(tenant).url, { email, password })
  await login('ann@logs.test', 'wrong-Passw0rd') // fp
  await login('nobody@logs.test', 'wrong-Passw0rd') // fu
  expect(callbackParams(await login('ann@logs.test', 'Passw0rd!ann')).get('code')).toBeTruthy() // s
})
afterAll(() => tenant.stop())

const logs = (query = '') => api(tenant, 'GET', `/logs${query}`)

describe('log events', () => {
  it('records logins (s, fp, fu) and API writes (sapi) in Auth0 shape, newest first', async () => {
    const res = await logs()
    expect(res.status).toBe(200)
    const types = res.body.map((e: { type: string }) => e.type)
    expect(types).toEqual(['s', 'fu', 'fp', 'sapi'])
    const [success, unknown, wrong, created] = res.body
    expect(Object.keys(success)).toEqual([
      '_id',
      'log_id',
      'date',
      'type',
      'description',
      'connection',
      'connection_id',
      'client_id',
      'ip',
      'user_id',
      'user_name',
      'user_agent',
      'strategy',
      'strategy_type',
      'isMobile',
    ])
    expect(success).toMatchObject({
      type: 's',
      connection: 'Username-Password-Authentication',
      connection_id: expect.stringMatching(/^con_/),
      client_id: NATIVE_APP.clientId,
      ip: '127.0.0.1',
      user_id: ann.user_id,
      user_name: 'ann@logs.test',
      strategy: 'auth0',
      strategy_type: 'database',
      isMobile: false,
    })
    expect(success._id).toBe(success.log_id)
    expect(success.log_id).toMatch(/^900\d{53}$/)
    expect(wrong).toMatchObject({
      type: 'fp',
      user_id: ann.user_id,
      description: 'Wrong email or password.',
    })
    expect(unknown).toMatchObject({ type: 'fu', user_name: 'nobody@logs.test' })
    expect(unknown.user_id).toBeUndefined()
    expect(created).toMatchObject({
      type: 'sapi',
      description: 'Create a User',
      client_id: tenant.clientId,
      details: {
        request: { method: 'post', path: '/api/v2/users', channel: 'api' },
        response: { statusCode: 201 },
      },
    })
    expect(created.details.request.auth.credentials.scopes).toContain('create:users')
    // No password, not even masked, in a log.
    expect(JSON.stringify(res.body)).not.toContain('Passw0rd')
  })

  it('pages with include_totals (v3: total = this page), per_page ≤ 100, the 1000 cap, sort, fields', async () => {
    const page = await logs('?page=1&per_page=2&include_totals=true')
    expect(Object.keys(page.body)).toEqual(['length', 'limit', 'logs', 'start', 'total'])
    expect(page.body).toMatchObject({ length: 2, limit: 2, start: 2, total: 2 })
    expect(page.body.logs.map((e: { type: string }) => e.type)).toEqual(['fp', 'sapi'])
    expect((await logs('?per_page=101')).body).toMatchObject({
      statusCode: 400,
      errorCode: 'invalid_query_string',
    })
    expect((await logs('?page=10&per_page=100')).body.errorCode).toBe('invalid_paging')
    const oldest = await logs('?sort=date:1&per_page=1')
    expect(oldest.body.map((e: { type: string }) => e.type)).toEqual(['sapi'])
    expect((await logs('?sort=type:1')).status).toBe(400)
    expect((await logs('?fields=type,user_id&include_fields=true&per_page=1')).body).toEqual([
      { type: 's', user_id: ann.user_id },
    ])
  })

  it('searches with q (and the SDK’s `search` alias): terms, quotes, prefixes, AND', async () => {
    const types = async (query: string) =>
      (await logs(`?${query}`)).body.map((e: { type: string }) => e.type)
    expect(await types('q=type%3A%22sapi%22')).toEqual(['sapi'])
    expect(await types(`search=${encodeURIComponent('type:f*')}`)).toEqual(['fu', 'fp'])
    expect(await types(`q=${encodeURIComponent(`type:fp AND user_id:"${ann.user_id}"`)}`)).toEqual([
      'fp',
    ])
    expect(await types(`q=${encodeURIComponent('description:*User')}`)).toEqual(['sapi'])
    expect(await types('q=s')).toEqual(['s'])
    const unknown = await logs(`?q=${encodeURIComponent('user_email:x')}`)
    expect(unknown.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'The search query string has an error: unknown field "user_email"',
      errorCode: 'invalid_query_string',
    })
    expect((await logs(`?q=${encodeURIComponent('type:s OR type:fp')}`)).status).toBe(400)
    expect((await logs(`?q=${encodeURIComponent('type:"s')}`)).status).toBe(400)
    expect((await logs(`?q=${encodeURIComponent('__proto__:x')}`)).status).toBe(400)
  })

  it('reads from a checkpoint: newer than `from`, oldest first, bare array, Link rel=next', async () => {
    const all = (await logs('?sort=date:1')).body as { log_id: string; type: string }[]
    const res = await logs(`?from=${all[0]!.log_id}&take=2&q=type:nothing&include_totals=true`)
    expect(res.body.map((e: { type: string }) => e.type)).toEqual(['fp', 'fu'])
    expect(res.headers.get('link')).toBe(
      `<${tenant.domain}/api/v2/logs?from=${all[2]!.log_id}&take=2>; rel="next"`,
    )
    const end = await logs(`?from=${all[all.length - 1]!.log_id}&take=2`)
    expect(end.body).toEqual([])
    expect(end.headers.get('link')).toContain(`from=${all[all.length - 1]!.log_id}`)
    expect((await logs(`?from=0&take=101`)).status).toBe(400)
    expect((await logs(`?from=0&take=0`)).status).toBe(400)
  })

  it('GET /logs/{id} answers one event or 404', async () => {
    const [newest] = (await logs()).body
    expect((await api(tenant, 'GET', `/logs/${newest.log_id}`)).body).toEqual(newest)
    const missing = await api(tenant, 'GET', '/logs/900nothing')
    expect(missing.status).toBe(404)
    expect(missing.body.message).toBe('Log not found.')
  })

  it("GET /users/{id}/logs lists the user's events with Auth0's envelope", async () => {
    const mine = await api(
      tenant,
      'GET',
      `${userPath(ann.user_id)}/logs?include_totals=true&per_page=1`,
    )
    expect(Object.keys(mine.body)).toEqual(['start', 'limit', 'length', 'total', 'logs'])
    expect(mine.body).toMatchObject({ start: 0, limit: 1, length: 1, total: 2 })
    expect(mine.body.logs[0].type).toBe('s')
    const fresh = await createUser(tenant, { email: 'fresh@logs.test' })
    expect((await api(tenant, 'GET', `${userPath(fresh.user_id)}/logs`)).body).toEqual([])
    expect((await api(tenant, 'GET', `${userPath('__proto__')}/logs`)).body).toEqual([])
    // A deletion logs sdu (and sapi); the deleted user's events stay readable.
    await api(tenant, 'DELETE', userPath(fresh.user_id))
    const gone = (await api(tenant, 'GET', `${userPath(fresh.user_id)}/logs`)).body
    expect(gone).toEqual([
      expect.objectContaining({ type: 'sdu', user_id: fresh.user_id, client_id: tenant.clientId }),
    ])
    expect((await logs('?per_page=1')).body[0]).toMatchObject({
      type: 'sapi',
      description: 'Delete a User',
    })
  })

  it('needs read:logs or read:logs_users', async () => {
    const narrow = await getToken(tenant, NARROW.clientId, NARROW.clientSecret)
    const refused = await api(tenant, 'GET', '/logs', { token: narrow })
    expect(refused.status).toBe(403)
    expect(refused.body.message).toBe(
      'Insufficient scope, expected any of: read:logs,read:logs_users',
    )
    const logsOnly = await getToken(tenant, LOGS_ONLY.clientId, LOGS_ONLY.clientSecret)
    expect((await api(tenant, 'GET', '/logs', { token: logsOnly })).status).toBe(200)
  })
})

describe('LogStore', () => {
  it('keeps at most its cap (oldest dropped) with increasing ids, even when the clock goes back', () => {
    const clock = manualClock()
    const store = new LogStore(clock.now, 5)
    const ids: string[] = []
    for (let i = 0; i < 23; i++) {
      if (i === 10) clock.advance(-60_000)
      ids.push(store.record({ type: 's', description: String(i) }).log_id)
    }
    expect([...ids].sort()).toEqual(ids)
    expect(store.size).toBe(5)
    expect(store.all().map((e) => e.description)).toEqual(['18', '19', '20', '21', '22'])
    expect(store.after(ids[19]!, 2).map((e) => e.description)).toEqual(['20', '21'])
    expect(store.after('', 1).map((e) => e.description)).toEqual(['18'])
  })
})

describe('log events from hostile input', () => {
  it('clip what comes from outside: a huge login e-mail, a long query, prototype keys', async () => {
    const huge = `${'x'.repeat(100_000)}@logs.test`
    await submitLogin(tenant, authorizeRequest(tenant).url, { email: huge, password: 'nope' })
    const [failed] = (await logs('?per_page=1')).body
    expect(failed.type).toBe('fu')
    expect(failed.user_name).toHaveLength(512)
    const user = await createUser(tenant, { email: 'query@logs.test' })
    const query = `?__proto__=1&constructor=2&long=${'y'.repeat(5000)}`
    await api(tenant, 'PATCH', `${userPath(user.user_id)}${query}`, { body: { given_name: 'Q' } })
    const [patched] = (await logs('?per_page=1')).body
    expect(patched.description).toBe('Update a User')
    const sent = patched.details.request.query
    expect(Object.getPrototypeOf(sent)).toBe(Object.prototype)
    expect(Object.keys(sent)).toEqual(['__proto__', 'constructor', 'long'])
    expect(sent.long).toHaveLength(512)
  })
})
