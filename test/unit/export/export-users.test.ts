import { gzipSync } from 'node:zlib'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Auth0PlusError, InvalidArgument } from '../../../src/errors.js'
import { HttpClient } from '../../../src/http/http-client.js'
import { resolveTenant } from '../../../src/auth/tenant-address.js'
import { StaticTokenProvider } from '../../../src/auth/token-provider.js'
import { exportUsers } from '../../../src/export/export-users.js'
import { api, connect, DOMAIN, fakeUsers, TOKEN } from '../../support/nock-tenant.js'

const FILES = 'https://user-exports.example.com'
const LINK = `${FILES}/job_abc/tenant.json.gz?Expires=1&Key-Pair-Id=K&Signature=s1gn`

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

/** The export file: NDJSON, gzipped. */
const ndjsonGz = (records: unknown[]) =>
  gzipSync(records.map((r) => JSON.stringify(r)).join('\n') + '\n')

/** The download host: it must never see the bearer token. */
const files = () => nock(FILES, { badheaders: ['authorization'] })

const job = (status: string, extra: Record<string, unknown> = {}) => ({
  type: 'users_export',
  status,
  format: 'json',
  id: 'job_abc',
  created_at: '2025-06-01T12:00:00.000Z',
  ...extra,
})

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}

describe('auth0.users.export()', () => {
  it('runs the job, polls with backoff until completed, streams the gzip NDJSON without the token', async () => {
    const users = fakeUsers(250)
    const scope = api()
      .post('/jobs/users-exports', { format: 'json' })
      .reply(200, job('pending'))
      .get('/jobs/job_abc')
      .times(3)
      .reply(200, job('pending'))
      .get('/jobs/job_abc')
      .reply(200, job('completed', { location: LINK }))
    const download = files().get('/job_abc/tenant.json.gz').query(true).reply(200, ndjsonGz(users))
    const slept: number[] = []
    const http = new HttpClient({
      address: resolveTenant(DOMAIN),
      tokens: new StaticTokenProvider(TOKEN),
    })
    const exported = exportUsers(http, {}, { sleep: async (ms) => void slept.push(ms) })
    // Lazy: nothing is sent until iterated.
    expect(scope.pendingMocks().some((mock) => mock.startsWith('POST'))).toBe(true)
    await expect(collect(exported)).resolves.toEqual(users)
    expect(slept).toEqual([500, 750, 1125])
    scope.done()
    download.done()
  })

  it('resolves a connection name to its id and asks for the named fields (and user_id)', async () => {
    const scope = api()
      .get('/connections')
      .query({ name: 'db', fields: 'id,name', include_fields: 'true' })
      .reply(200, [{ id: 'con_0123456789abcdef', name: 'db' }])
      .post('/jobs/users-exports', {
        format: 'json',
        connection_id: 'con_0123456789abcdef',
        fields: [{ name: 'user_id' }, { name: 'email' }, { name: 'user_metadata.plan' }],
      })
      .reply(200, job('pending'))
      .get('/jobs/job_abc')
      .reply(200, job('completed', { location: LINK }))
    const line = { user_id: 'auth0|1', email: 'a@b.c', 'user_metadata.plan': 'gold' }
    const download = files()
      .get('/job_abc/tenant.json.gz')
      .query(true)
      .reply(200, ndjsonGz([line]))
    const exported = connect().users.export({
      connection: 'db',
      fields: ['email', 'user_metadata.plan'],
    })
    await expect(collect(exported)).resolves.toEqual([line])
    scope.done()
    download.done()
  })

  it('refuses an unknown connection name', async () => {
    const scope = api().get('/connections').query(true).reply(200, [])
    await expect(collect(connect().users.export({ connection: 'nope' }))).rejects.toThrow(
      /no connection named 'nope'/,
    )
    scope.done()
  })

  it('reports a failed job', async () => {
    const scope = api()
      .post('/jobs/users-exports')
      .reply(200, job('pending'))
      .get('/jobs/job_abc')
      .reply(200, job('failed'))
    await expect(collect(connect({ defaultConnection: undefined }).users.export())).rejects.toThrow(
      /job_abc failed/,
    )
    scope.done()
  })

  it('never quotes the signed link when the download fails', async () => {
    const scope = api()
      .post('/jobs/users-exports')
      .reply(200, job('pending'))
      .get('/jobs/job_abc')
      .reply(200, job('completed', { location: LINK }))
    const download = files().get('/job_abc/tenant.json.gz').query(true).reply(403, '<Error/>')
    const error = await collect(connect().users.export()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Auth0PlusError)
    expect(String((error as Error).message)).toMatch(/answered 403/)
    expect(JSON.stringify(error) + String(error)).not.toContain('s1gn')
    scope.done()
    download.done()
  })

  it('rejects a line that is not JSON', async () => {
    const scope = api()
      .post('/jobs/users-exports')
      .reply(200, job('pending'))
      .get('/jobs/job_abc')
      .reply(200, job('completed', { location: LINK }))
    const body = gzipSync('{"user_id":"auth0|1"}\nnot json\n')
    const download = files().get('/job_abc/tenant.json.gz').query(true).reply(200, body)
    await expect(collect(connect().users.export())).rejects.toThrow(/line 2 is not a JSON object/)
    scope.done()
    download.done()
  })

  it.each([
    ['an empty connection', { connection: '' }],
    ['no fields', { fields: [] }],
    ['a bad field name', { fields: ['a b'] }],
  ])('refuses %s at once', (_name, options) => {
    expect(() => connect().users.export(options as never)).toThrow(InvalidArgument)
  })
})
