import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { BulkProgress } from '../../../src/bulk/types.js'
import { importChunks, type ImportChunk } from '../../../src/bulk/import-chunks.js'
import { runImport } from '../../../src/bulk/run-import.js'
import { JobsApi, type Job } from '../../../src/api/jobs-api.js'
import { UsersImportsApi, type UsersImportRequest } from '../../../src/api/users-imports-api.js'
import { InvalidArgument } from '../../../src/errors.js'
import { Auth0 } from '../../../src/auth0.js'
import { api, connect, CONNECTION, DOMAIN, TOKEN } from '../../support/nock-tenant.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  const pending = nock.pendingMocks()
  nock.cleanAll()
  expect(pending).toEqual([])
})

const CON = 'con_ftSSLHb0O7rcUGmF'
const HASH = '$2b$10$C9UFkcM1PuSJ3O0Eg5ajvuWUuXtEnNExampleHashValueXYZ12'
const job = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  type: 'users_import',
  status,
  connection_id: CON,
  connection: CONNECTION,
  created_at: '2026-01-25T17:48:16.543Z',
  id,
  ...extra,
})
const users = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    email: `user${from + i}@example.com`,
    email_verified: true,
    user_metadata: { plan: 'gold', note: 'x'.repeat(150) },
  }))

/** The parts of a multipart body, by name: headers and content. */
function parts(body: string, contentType: string) {
  const boundary = /boundary=(.+)$/.exec(contentType)![1]!
  const found: Record<string, { head: string; content: string }> = {}
  for (const piece of body.split(`--${boundary}`).slice(1, -1)) {
    const [head, ...rest] = piece.replace(/^\r\n/, '').split('\r\n\r\n')
    const name = /name="([^"]+)"/.exec(head!)![1]!
    found[name] = { head: head!, content: rest.join('\r\n\r\n').replace(/\r\n$/, '') }
  }
  return found
}

const noSleep = { sleep: async () => {} }

describe('auth0.users.import() on the wire', () => {
  it('sends one multipart job with the bearer token, the file and the parts, polls it, and counts', async () => {
    const sent: { type: string; body: string }[] = []
    const slept: number[] = []
    const scope = api()
      .get('/connections')
      .query({ name: CONNECTION, fields: 'id,name', include_fields: 'true' })
      .reply(200, [{ id: CON, name: CONNECTION }])
      .post('/jobs/users-imports')
      .reply(function (_uri, body) {
        sent.push({ type: String(this.req.headers['content-type']), body: String(body) })
        return [202, job('job_aaaaaaaaaaaaaaaa', 'pending')]
      })
      .get('/jobs/job_aaaaaaaaaaaaaaaa')
      .times(2)
      .reply(200, job('job_aaaaaaaaaaaaaaaa', 'pending'))
      .get('/jobs/job_aaaaaaaaaaaaaaaa')
      .reply(
        200,
        job('job_aaaaaaaaaaaaaaaa', 'completed', {
          summary: { failed: 0, updated: 0, inserted: 3, total: 3 },
        }),
      )
    const input = users(3)
    const result = await connect().users.objects.import(input, undefined, {
      sleep: async (ms) => void slept.push(ms),
    })
    scope.done()
    expect(sent).toHaveLength(1)
    expect(sent[0]!.type).toMatch(/^multipart\/form-data; boundary=/)
    const got = parts(sent[0]!.body, sent[0]!.type)
    expect(Object.keys(got)).toEqual(['users', 'connection_id', 'upsert', 'send_completion_email'])
    expect(got.users!.head).toContain('name="users"; filename="users.json"')
    expect(got.users!.head).toContain('Content-Type: application/json')
    expect(got.users!.content).toBe(JSON.stringify(input))
    expect(got.connection_id!.content).toBe(CON)
    expect(got.upsert!.content).toBe('false')
    expect(got.send_completion_email!.content).toBe('false')
    expect(slept).toEqual([500, 750, 1125])
    expect(result).toEqual({
      total: 3,
      count: 3,
      inserted: 3,
      updated: 0,
      failed: [],
      notAttempted: [],
      jobs: [
        {
          id: 'job_aaaaaaaaaaaaaaaa',
          status: 'completed',
          first: 0,
          last: 2,
          users: 3,
          bytes: Buffer.byteLength(JSON.stringify(input)),
          summary: { failed: 0, updated: 0, inserted: 3, total: 3 },
        },
      ],
    })
  })

  it('polls just after the time a running job says it has left (time_left_seconds)', async () => {
    const slept: number[] = []
    const scope = api()
      .post('/jobs/users-imports')
      .reply(202, job('job_t', 'pending'))
      .get('/jobs/job_t')
      .reply(200, job('job_t', 'pending', { percentage_done: 40, time_left_seconds: 3 }))
      .get('/jobs/job_t')
      .reply(200, job('job_t', 'pending', { percentage_done: 99, time_left_seconds: 0 }))
      .get('/jobs/job_t')
      .reply(200, job('job_t', 'pending'))
      .get('/jobs/job_t')
      .reply(
        200,
        job('job_t', 'completed', { summary: { failed: 0, updated: 0, inserted: 1, total: 1 } }),
      )
    await connect().users.objects.import(
      users(1),
      { connectionId: CON },
      {
        sleep: async (ms) => void slept.push(ms),
      },
    )
    scope.done()
    // 3 s left is later than the backoff's 750 ms; 0 s left is sooner than its 1125 ms.
    expect(slept).toEqual([500, 750, 100, 1687.5])
  })

  it('sends upsert, external_id and send_completion_email as given, with connectionId and no lookup', async () => {
    let got: ReturnType<typeof parts> = {}
    const scope = api()
      .post('/jobs/users-imports')
      .reply(function (_uri, body) {
        got = parts(String(body), String(this.req.headers['content-type']))
        return [202, job('job_b', 'pending')]
      })
      .get('/jobs/job_b')
      .reply(
        200,
        job('job_b', 'completed', { summary: { failed: 0, updated: 1, inserted: 0, total: 1 } }),
      )
    const result = await connect().users.objects.import(
      users(1),
      {
        connectionId: 'con_other',
        upsert: true,
        externalId: 'migration-7',
        sendCompletionEmail: true,
      },
      noSleep,
    )
    scope.done()
    expect(got.connection_id!.content).toBe('con_other')
    expect(got.upsert!.content).toBe('true')
    expect(got.external_id!.content).toBe('migration-7')
    expect(got.send_completion_email!.content).toBe('true')
    expect(result).toMatchObject({ count: 1, updated: 1, inserted: 0 })
  })

  it('reads GET /jobs/{id}/errors when the summary counts failures, and reports users without their hash', async () => {
    const input = [
      { email: 'a@example.com', password_hash: HASH },
      { email: 'B@example.com', user_id: 'b1', password_hash: HASH },
      { email: 'c@example.com' },
    ]
    const scope = api()
      .post('/jobs/users-imports')
      .reply(202, job('job_c', 'pending'))
      .get('/jobs/job_c')
      .reply(
        200,
        job('job_c', 'completed', { summary: { failed: 2, updated: 0, inserted: 1, total: 3 } }),
      )
      .get('/jobs/job_c/errors')
      .reply(200, [
        {
          user: { email: 'b@example.com', user_id: 'b1', password_hash: HASH },
          errors: [
            {
              code: 'DUPLICATED_USER',
              message: 'The user already exist and upsert parameter is false',
            },
          ],
        },
        {
          user: { email: 'a@example.com', password_hash: HASH },
          errors: [{ code: 'PATTERN', message: `bad hash ${HASH}`, path: 'password_hash' }],
        },
      ])
    const result = await connect().users.objects.import(input, { connectionId: CON }, noSleep)
    scope.done()
    expect(result.count).toBe(1)
    expect(result.failed).toEqual([
      {
        index: 1,
        email: 'B@example.com',
        user_id: 'b1',
        jobId: 'job_c',
        errors: [
          {
            code: 'DUPLICATED_USER',
            message: 'The user already exist and upsert parameter is false',
          },
        ],
      },
      {
        index: 0,
        email: 'a@example.com',
        jobId: 'job_c',
        errors: [{ code: 'PATTERN', message: 'bad hash [redacted]', path: 'password_hash' }],
      },
    ])
    expect(JSON.stringify(result)).not.toContain('$2b$')
  })

  it('sends the same multipart parts again when the HTTP layer retries a 429', async () => {
    const bodies: string[] = []
    const scope = api()
      .post('/jobs/users-imports')
      .reply(function (_uri, body) {
        bodies.push(String(body).replaceAll(/axios-[\d.]+-boundary-[\w-]+/g, 'B'))
        return [
          429,
          { statusCode: 429, error: 'Too Many Requests', message: 'slow down' },
          { 'retry-after': '0' },
        ]
      })
      .post('/jobs/users-imports')
      .reply(function (_uri, body) {
        bodies.push(String(body).replaceAll(/axios-[\d.]+-boundary-[\w-]+/g, 'B'))
        return [202, job('job_r', 'pending')]
      })
      .get('/jobs/job_r')
      .reply(
        200,
        job('job_r', 'completed', { summary: { failed: 0, updated: 0, inserted: 2, total: 2 } }),
      )
    const auth0 = new Auth0(DOMAIN, TOKEN, { defaultConnection: CONNECTION, maxRetries: 1 })
    const result = await auth0.users.objects.import(users(2), { connectionId: CON }, noSleep)
    scope.done()
    expect(result.inserted).toBe(2)
    expect(bodies).toHaveLength(2)
    expect(bodies[1]).toBe(bodies[0])
    expect(bodies[0]).toContain(JSON.stringify(users(2)))
  })

  it('names the repeat, not the first occurrence, when a file holds one e-mail twice', async () => {
    const scope = api()
      .post('/jobs/users-imports')
      .reply(202, job('job_g', 'pending'))
      .get('/jobs/job_g')
      .reply(
        200,
        job('job_g', 'completed', { summary: { failed: 1, updated: 0, inserted: 2, total: 3 } }),
      )
      .get('/jobs/job_g/errors')
      .reply(200, [
        {
          user: { email: 'twice@example.com' },
          errors: [{ code: 'CONFLICT_EMAIL', message: 'repeated in the file' }],
        },
      ])
    const input = [
      { email: 'twice@example.com' },
      { email: 'once@example.com' },
      { email: 'Twice@example.com' },
    ]
    const result = await connect().users.objects.import(input, { connectionId: CON }, noSleep)
    scope.done()
    expect(result.failed.map((f) => [f.index, f.email])).toEqual([[2, 'Twice@example.com']])
  })

  it('waits out a 429 on job creation (the tenant runs 2 import jobs) instead of failing', async () => {
    const slept: number[] = []
    const scope = api()
      .post('/jobs/users-imports')
      .times(2)
      .reply(429, {
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'There are 2 active import users jobs',
      })
      .post('/jobs/users-imports')
      .reply(202, job('job_d', 'pending'))
      .get('/jobs/job_d')
      .reply(
        200,
        job('job_d', 'completed', { summary: { failed: 0, updated: 0, inserted: 2, total: 2 } }),
      )
    const result = await connect().users.objects.import(
      users(2),
      { connectionId: CON },
      {
        sleep: async (ms) => void slept.push(ms),
      },
    )
    scope.done()
    expect(slept).toEqual([1000, 2000, 500])
    expect(result).toMatchObject({ count: 2, failed: [], notAttempted: [] })
  })

  it('lists the users of a job that failed as a whole, and goes on with the next file', async () => {
    const scope = api()
      .post('/jobs/users-imports')
      .reply(202, job('job_e', 'pending'))
      .get('/jobs/job_e')
      .reply(200, job('job_e', 'failed', { status_details: 'Job timed out' }))
    const result = await connect().users.objects.import(users(2), { connectionId: CON }, noSleep)
    scope.done()
    expect(result.jobs).toMatchObject([
      { id: 'job_e', status: 'failed', first: 0, last: 1, users: 2 },
    ])
    expect(result.failed).toEqual([
      {
        index: 0,
        email: 'user0@example.com',
        jobId: 'job_e',
        errors: [{ code: 'JOB_FAILED', message: 'Job timed out' }],
      },
      {
        index: 1,
        email: 'user1@example.com',
        jobId: 'job_e',
        errors: [{ code: 'JOB_FAILED', message: 'Job timed out' }],
      },
    ])
  })

  it('stops uploading after a 400 on job creation: the rest is not attempted', async () => {
    const scope = api().post('/jobs/users-imports').reply(400, {
      statusCode: 400,
      error: 'Bad Request',
      message: 'connection not found',
      errorCode: 'invalid_body',
    })
    const input = users(4)
    const size = Buffer.byteLength(JSON.stringify(input.slice(0, 2)))
    const result = await runImport(input, {
      ...runOn(connect()),
      connectionId: 'con_gone',
      options: {},
      limit: size,
      timing: noSleep,
    })
    scope.done()
    expect(result.jobs).toMatchObject([{ status: 'not-created', first: 0, last: 1 }])
    expect(result.failed.map((f) => [f.index, f.errors[0]!.code])).toEqual([
      [0, 'JOB_NOT_CREATED'],
      [1, 'JOB_NOT_CREATED'],
    ])
    // User 2 was read (it opened the next file); user 3 never was.
    expect(result.notAttempted).toEqual([{ index: 2, email: 'user2@example.com' }])
    expect(result.total).toBe(3)
  })

  it('reads the error report again after a 503, and says how many failed when it stays unreadable', async () => {
    const scope = api()
      .post('/jobs/users-imports')
      .reply(202, job('job_f', 'pending'))
      .get('/jobs/job_f')
      .reply(
        200,
        job('job_f', 'completed', { summary: { failed: 1, updated: 0, inserted: 1, total: 2 } }),
      )
      .get('/jobs/job_f/errors')
      .times(5)
      .reply(503, { statusCode: 503, error: 'Service Unavailable', message: 'down' })
    const result = await connect().users.objects.import(users(2), { connectionId: CON }, noSleep)
    scope.done()
    expect(result.count).toBe(1)
    expect(result.failed).toEqual([
      {
        index: -1,
        jobId: 'job_f',
        errors: [
          {
            code: 'ERRORS_UNREAD',
            message:
              "1 of users[0]–users[1] failed; the job's error report could not be read: 503: down",
          },
        ],
      },
    ])
  })

  it('refuses bad options and a non-iterable before any request', async () => {
    const users3 = users(3)
    const objects = connect().users.objects
    const refused = [
      () => objects.import(users3, { connection: 'a', connectionId: 'b' }),
      () => objects.import(users3, { concurrency: 3 }),
      () => objects.import(users3, { upsert: 'yes' as unknown as boolean }),
      () => objects.import(users3, { sendCompletionEmails: true } as never),
      () => objects.import({} as never),
      () => objects.import('users' as never),
    ]
    for (const call of refused) await expect(call()).rejects.toThrow(InvalidArgument)
  })
})

describe('importChunks()', () => {
  it('packs files tightly within the limit, measured in UTF-8 bytes of the exact file', async () => {
    const input = Array.from({ length: 400 }, (_, i) => ({
      email: `u${i}@example.com`,
      // Multi-byte characters: a string-length measure would overshoot the byte limit.
      name: 'Zoë Ünïcödé 👩‍💻 '.repeat(1 + (i % 7)),
    }))
    const limit = 5_000
    const files: Buffer[] = []
    for await (const chunk of importChunks(input, limit, () => {
      throw new Error('no user is bad here')
    })) {
      expect(chunk.file.length).toBeLessThanOrEqual(limit)
      expect(JSON.parse(chunk.file.toString('utf8'))).toHaveLength(chunk.users.length)
      files.push(chunk.file)
    }
    const back = files.flatMap((file) => JSON.parse(file.toString('utf8')) as unknown[])
    expect(back).toEqual(input)
    // Tight: the next user would not have fitted in any file but the last.
    let at = 0
    for (const file of files.slice(0, -1)) {
      at += (JSON.parse(file.toString('utf8')) as unknown[]).length
      expect(file.length + 1 + Buffer.byteLength(JSON.stringify(input[at]))).toBeGreaterThan(limit)
    }
  })

  it('at 512 000 bytes: 10 000 users of ~250 bytes fill files of ≤ 512 000 bytes', async () => {
    const sizes: number[] = []
    for await (const chunk of importChunks(users(10_000), 512_000, () => {}))
      sizes.push(chunk.file.length)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(512_000)
    expect(Math.min(...sizes.slice(0, -1))).toBeGreaterThan(511_000)
  })

  it('refuses bad users by place and reads no further than the file being filled', async () => {
    const refused: [number, string][] = []
    let pulled = 0
    function* input() {
      for (let i = 0; i < 1_000; i++) {
        pulled++
        if (i === 1) yield { email: 'x@example.com', user_id: 'auth0|123' }
        else if (i === 2)
          yield {
            email: 'y@example.com',
            password_hash: HASH,
            custom_password_hash: { algorithm: 'md5', hash: { value: 'abc' } },
          }
        else if (i === 3) yield { name: 'no email' }
        else yield { email: `u${i}@example.com` }
      }
    }
    const chunks = importChunks(input(), 200, (user, error) => {
      refused.push([user.index, error.message])
    })
    const first = await chunks.next()
    expect(pulled).toBeLessThan(20)
    expect((first.value as ImportChunk).users.map((u) => u.index)).toEqual([0, 4, 5, 6, 7, 8, 9])
    expect(refused).toEqual([
      [1, "users[1].user_id must not start with 'auth0|': Auth0 adds the prefix."],
      [2, 'users[2] has both password_hash and custom_password_hash; give one.'],
      [3, "users[3] needs an email (the one field Auth0's import requires)."],
    ])
    await chunks.return(undefined)
  })
})

describe('runImport()', () => {
  it('never has more than 2 jobs in flight, and reports progress after each', async () => {
    let inFlight = 0
    let most = 0
    let created = 0
    const polls = new Map<string, number>()
    const counts = new Map<string, number>()
    const sizes: number[] = []
    const imports = {
      create: async (request: UsersImportRequest): Promise<Job> => {
        sizes.push(request.file.length)
        inFlight++
        most = Math.max(most, inFlight)
        const id = `job_${++created}`
        polls.set(id, 0)
        counts.set(id, (JSON.parse(Buffer.from(request.file).toString('utf8')) as unknown[]).length)
        return { id, status: 'pending' }
      },
      errors: async () => [],
    } as unknown as UsersImportsApi
    const jobs = {
      get: async (id: string): Promise<Job> => {
        const n = polls.get(id)! + 1
        polls.set(id, n)
        if (n < 3) return { id, status: 'pending' }
        inFlight--
        return {
          id,
          status: 'completed',
          summary: { inserted: counts.get(id)!, updated: 0, failed: 0, total: counts.get(id)! },
        }
      },
    } as unknown as JobsApi
    const reports: BulkProgress[] = []
    const input = users(100)
    const limit = Buffer.byteLength(JSON.stringify(input.slice(0, 10)))
    const result = await runImport(input, {
      imports,
      jobs,
      connectionId: CON,
      options: { onProgress: (p) => reports.push(p) },
      limit,
      timing: { sleep: () => new Promise((resolve) => setImmediate(resolve)), now: () => 0 },
    })
    expect(created).toBeGreaterThanOrEqual(10)
    expect(most).toBe(2)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(limit)
    expect(result).toMatchObject({ total: 100, count: 100, inserted: 100, failed: [] })
    expect(reports.at(-1)).toMatchObject({ total: 100, done: 100, succeeded: 100, failed: 0 })
  })

  it('reads the input only as far as the files in flight need: two jobs, and the user that opens the third file', async () => {
    let pulled = 0
    function* input() {
      for (let i = 0; i < 1_000; i++) {
        pulled++
        yield { email: `u${i}@example.com` }
      }
    }
    let release = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    let created = 0
    const imports = {
      create: async (): Promise<Job> => ({ id: `job_${++created}`, status: 'pending' }),
      errors: async () => [],
    } as unknown as UsersImportsApi
    const jobs = {
      get: async (id: string): Promise<Job> => {
        await gate
        return {
          id,
          status: 'completed',
          summary: { inserted: 10, updated: 0, failed: 0, total: 10 },
        }
      },
    } as unknown as JobsApi
    const limit = Buffer.byteLength(
      JSON.stringify(Array.from({ length: 10 }, (_, i) => ({ email: `u${i}@example.com` }))),
    )
    const running = runImport(input(), {
      imports,
      jobs,
      connectionId: CON,
      options: {},
      limit,
      timing: noSleep,
    })
    const tick = () => new Promise((resolve) => setImmediate(resolve))
    while (created < 2) await tick()
    for (let i = 0; i < 50; i++) await tick()
    expect(created).toBe(2)
    // 10 users per file at most: two files sent, and one user read to know the second was full.
    expect(pulled).toBeLessThanOrEqual(21)
    release()
    const result = await running
    expect(result.total).toBe(1_000)
  })

  it('stops uploading when the signal aborts, still polls the jobs sent, and lists the unsent', async () => {
    const controller = new AbortController()
    const imports = {
      create: async (): Promise<Job> => ({ id: 'job_1', status: 'pending' }),
      errors: async () => [],
    } as unknown as UsersImportsApi
    const jobs = {
      get: async (id: string): Promise<Job> => {
        controller.abort()
        return {
          id,
          status: 'completed',
          summary: { inserted: 2, updated: 0, failed: 0, total: 2 },
        }
      },
    } as unknown as JobsApi
    const input = users(6)
    const result = await runImport(input, {
      imports,
      jobs,
      connectionId: CON,
      options: { signal: controller.signal, concurrency: 1 },
      limit: Buffer.byteLength(JSON.stringify(input.slice(0, 2))),
      timing: noSleep,
    })
    expect(result.count).toBe(2)
    // The third user was read (it opened the next file) but never sent; no more was read.
    expect(result.notAttempted).toEqual([{ index: 2, email: 'user2@example.com' }])
    expect(result.total).toBe(3)
  })
})

function runOn(auth0: ReturnType<typeof connect>) {
  const http = auth0.users.objects.http
  return { imports: new UsersImportsApi(http), jobs: new JobsApi(http) }
}
