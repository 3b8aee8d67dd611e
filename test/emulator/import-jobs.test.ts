import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createUser, startTenant, userPath, type TestTenant } from './helpers.js'
import { connectionId, postImport } from './import-helpers.js'

let tenant: TestTenant
let conId: string

beforeAll(async () => {
  tenant = await startTenant()
  conId = await connectionId(tenant)
})
afterAll(() => tenant.stop())

/** Polls GET /jobs/{id} until the job leaves `pending` (the emulator is unpaced here). */
async function settled(id: string) {
  for (let i = 0; i < 200; i += 1) {
    const res = await api(tenant, 'GET', `/jobs/${id}`)
    if (res.body.status !== 'pending') return res
    await new Promise((resolve) => setImmediate(resolve))
  }
  throw new Error(`job ${id} still pending`)
}

describe('POST /jobs/users-imports', () => {
  it('answers 202 pending as recorded, then completed with a summary', async () => {
    const res = await postImport(tenant, {
      users: [{ email: 'Imp.One@example.com', user_metadata: { plan: 'a' } }],
      connection_id: conId,
      external_id: 'batch-1',
    })
    expect(res.status).toBe(202)
    expect(Object.keys(res.body)).toEqual([
      'type',
      'status',
      'connection_id',
      'connection',
      'created_at',
      'id',
      'external_id',
    ])
    expect(res.body).toMatchObject({
      type: 'users_import',
      status: 'pending',
      connection_id: conId,
      connection: tenant.connection,
      external_id: 'batch-1',
    })
    expect(res.body.id).toMatch(/^job_[A-Za-z0-9]{16}$/)
    const done = await settled(res.body.id)
    expect(done.body).toEqual({
      type: 'users_import',
      status: 'completed',
      connection_id: conId,
      summary: { failed: 0, updated: 0, inserted: 1, total: 1 },
      connection: tenant.connection,
      created_at: res.body.created_at,
      id: res.body.id,
      external_id: 'batch-1',
    })
    const [user] = (await api(tenant, 'GET', '/users-by-email?email=imp.one@example.com')).body
    expect(user).toMatchObject({
      email: 'imp.one@example.com',
      email_verified: false,
      nickname: 'imp.one',
      user_metadata: { plan: 'a' },
    })
    expect(user.picture).toMatch(/^https:\/\/secure\.gravatar\.com\/avatar\//)
    expect(user.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/)
    const errors = await api(tenant, 'GET', `/jobs/${res.body.id}/errors`)
    expect(errors.status).toBe(204)
    const sapi = await api(tenant, 'GET', '/logs?q=type:"sapi"')
    expect(sapi.body.map((e: { description: string }) => e.description)).toContain(
      'Create import users job',
    )
  })

  it("accepts go-auth0's recorded body: five parts, booleans as text, empty external_id", async () => {
    const boundary = 'a2c5f3e1b9d84c7a'
    const file = JSON.stringify([
      { email: 'go.sdk@example.com', email_verified: true, user_id: 'go-123' },
    ])
    const part = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="users"; filename="users.json"\r\n` +
      `Content-Type: application/json\r\n\r\n${file}\r\n` +
      part('connection_id', conId) +
      part('upsert', 'false') +
      part('external_id', '') +
      part('send_completion_email', 'false') +
      `--${boundary}--\r\n`
    const res = await api(tenant, 'POST', '/jobs/users-imports', {
      raw: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    })
    expect(res.status).toBe(202)
    expect(res.body).not.toHaveProperty('external_id')
    expect((await settled(res.body.id)).body.summary).toEqual({
      failed: 0,
      updated: 0,
      inserted: 1,
      total: 1,
    })
    const user = (await api(tenant, 'GET', userPath('auth0|go-123'))).body
    expect(user).toMatchObject({ email: 'go.sdk@example.com', email_verified: true })
    expect(
      tenant.outbox.list({ to: 'tenant-owners' }).some((m) => m.text?.includes(res.body.id)),
    ).toBe(false)
  })

  it('reports DUPLICATED_USER (200, application/json without charset) for an existing user without upsert', async () => {
    await createUser(tenant, { email: 'dup@example.com' })
    const res = await postImport(tenant, {
      users: [{ email: 'dup@example.com', email_verified: true }],
      connection_id: conId,
    })
    const done = await settled(res.body.id)
    expect(done.body.summary).toEqual({ failed: 1, updated: 0, inserted: 0, total: 1 })
    const errors = await api(tenant, 'GET', `/jobs/${res.body.id}/errors`)
    expect(errors.status).toBe(200)
    expect(errors.headers.get('content-type')).toBe('application/json')
    expect(errors.body).toEqual([
      {
        user: { email: 'dup@example.com', email_verified: true },
        errors: [
          {
            code: 'DUPLICATED_USER',
            message: 'The user already exist and upsert parameter is false',
          },
        ],
      },
    ])
    // The completion mail (send_completion_email defaults to true) and the sui log event.
    expect(
      tenant.outbox.list({ to: 'tenant-owners' }).some((m) => m.text?.includes(res.body.id)),
    ).toBe(true)
    const logs = await api(tenant, 'GET', '/logs?q=type:"sui"')
    expect(
      logs.body.some((e: { details: { job_id: string } }) => e.details.job_id === res.body.id),
    ).toBe(true)
  })

  it('upsert matches on e-mail and overwrites metadata whole (no merge)', async () => {
    const created = await createUser(tenant, {
      email: 'ups@example.com',
      email_verified: true,
      user_metadata: { a: 1, b: 2 },
      app_metadata: { roles: ['x'] },
    })
    const res = await postImport(tenant, {
      users: [{ email: 'ups@example.com', user_metadata: { c: 3 }, given_name: 'Up' }],
      connection_id: conId,
      upsert: true,
    })
    expect((await settled(res.body.id)).body.summary).toEqual({
      failed: 0,
      updated: 1,
      inserted: 0,
      total: 1,
    })
    const user = (await api(tenant, 'GET', userPath(created.user_id))).body
    expect(user.user_metadata).toEqual({ c: 3 })
    expect(user.app_metadata).toEqual({ roles: ['x'] })
    expect(user.given_name).toBe('Up')
    expect(user.email_verified).toBe(false)
  })

  it('requires create:users and an existing connection', async () => {
    const bad = await postImport(tenant, {
      users: [{ email: 'x@example.com' }],
      connection_id: 'con_0000000000000000',
    })
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'The connection does not exist.',
      errorCode: 'inexistent_connection',
    })
    const missing = await postImport(tenant, { users: [{ email: 'x@example.com' }] })
    expect(missing.status).toBe(400)
    expect(missing.body.message).toBe(
      "Payload validation error: 'Missing required property: connection_id'.",
    )
    const noFile = await postImport(tenant, { connection_id: conId })
    expect(noFile.body.message).toBe(
      "Payload validation error: 'Missing required property: users'.",
    )
  })

  it('refuses a file that is not JSON, not an array, a JSON body and malformed multipart', async () => {
    const notJson = await postImport(tenant, { file: '[{"email":', connection_id: conId })
    expect(notJson.status).toBe(400)
    expect(notJson.body.message).toMatch(/not JSON/)
    const notArray = await postImport(tenant, {
      users: { email: 'a@example.com' },
      connection_id: conId,
    })
    expect(notArray.status).toBe(400)
    expect(notArray.body.message).toMatch(/JSON array/)
    const json = await api(tenant, 'POST', '/jobs/users-imports', {
      body: { connection_id: conId },
    })
    expect(json.status).toBe(415)
    const broken = await api(tenant, 'POST', '/jobs/users-imports', {
      raw: '--x\r\nContent-Disposition: form-data; name="users"\r\n\r\n[]',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    })
    expect(broken.status).toBe(400)
    const noBoundary = await api(tenant, 'POST', '/jobs/users-imports', {
      raw: 'x',
      headers: { 'content-type': 'multipart/form-data' },
    })
    expect(noBoundary.status).toBe(400)
    expect(noBoundary.body.message).toMatch(/^Invalid multipart payload format/)
  })

  it('answers 404 for unknown jobs, also on /errors', async () => {
    expect((await api(tenant, 'GET', '/jobs/job_0000000000000000')).status).toBe(404)
    expect((await api(tenant, 'GET', '/jobs/job_0000000000000000/errors')).status).toBe(404)
  })
})
