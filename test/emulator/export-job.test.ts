import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, manualClock, startTenant, type TestTenant } from './helpers.js'

const clock = manualClock()
let tenant: TestTenant

beforeAll(async () => {
  tenant = await startTenant({
    now: clock.now,
    exportDelayMs: 2000,
    tenantName: 'dev-tenant',
    users: Array.from({ length: 30 }, (_, i) => ({
      email: `export${i}@example.com`,
      user_metadata: { consent: i % 2 === 0, plan: { tier: 'gold' } },
    })),
  })
})
afterAll(() => tenant.stop())

async function download(
  location: string,
): Promise<{ status: number; buffer: Buffer; type: string | null }> {
  const res = await fetch(location)
  return {
    status: res.status,
    buffer: Buffer.from(await res.arrayBuffer()),
    type: res.headers.get('content-type'),
  }
}

describe('users export job', () => {
  it('runs end to end: pending job, completed with a signed link, gzip NDJSON of every user', async () => {
    const created = await api(tenant, 'POST', '/jobs/users-exports', { body: { format: 'json' } })
    expect(created.status).toBe(200)
    expect(created.body).toEqual({
      type: 'users_export',
      status: 'pending',
      format: 'json',
      created_at: new Date(clock.now()).toISOString(),
      id: expect.stringMatching(/^job_[A-Za-z0-9]{16}$/),
    })
    const jobPath = `/jobs/${created.body.id}`
    expect((await api(tenant, 'GET', jobPath)).body.status).toBe('pending')

    clock.advance(2000)
    const done = await api(tenant, 'GET', jobPath)
    expect(done.body).toMatchObject({
      status: 'completed',
      percentage_done: 100,
      time_left_seconds: 0,
    })
    const location = new URL(done.body.location)
    expect(location.pathname).toBe(`/user-exports/${created.body.id}/dev-tenant.json.gz`)
    expect([...location.searchParams.keys()]).toEqual(['Expires', 'Key-Pair-Id', 'Signature'])

    const file = await download(done.body.location)
    expect(file.status).toBe(200)
    expect(file.type).toBe('application/gzip')
    const lines = gunzipSync(file.buffer).toString('utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(30)
    const users = lines.map((line) => JSON.parse(line))
    const all = (await api(tenant, 'GET', '/users?per_page=100')).body
    expect(new Set(users.map((u: { user_id: string }) => u.user_id))).toEqual(
      new Set(all.map((u: { user_id: string }) => u.user_id)),
    )
    expect(users[0]).toHaveProperty('identities')
  })

  it('honours fields, limit and connection_id, and lists only named paths', async () => {
    const list = await api(tenant, 'POST', '/jobs/users-exports', {
      body: {
        format: 'json',
        limit: 5,
        fields: [{ name: 'email' }, { name: 'user_metadata.consent', export_as: 'consent' }],
      },
    })
    clock.advance(2000)
    const done = await api(tenant, 'GET', `/jobs/${list.body.id}`)
    expect(done.body).toMatchObject({
      limit: 5,
      fields: [{ name: 'email' }, { name: 'user_metadata.consent', export_as: 'consent' }],
    })
    const lines = gunzipSync((await download(done.body.location)).buffer)
      .toString()
      .trimEnd()
      .split('\n')
    expect(lines.map((line) => JSON.parse(line))[0]).toEqual({
      email: expect.stringMatching(/@example\.com$/),
      consent: expect.any(Boolean),
    })
    expect(lines).toHaveLength(5)

    const unknown = await api(tenant, 'POST', '/jobs/users-exports', {
      body: { connection_id: 'con_AAAAAAAAAAAAAAAA' },
    })
    expect(unknown.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'The connection does not exist.',
      errorCode: 'inexistent_connection',
    })
    const badId = await api(tenant, 'POST', '/jobs/users-exports', {
      body: { connection_id: 'nope' },
    })
    expect(badId.body.message).toBe(
      "Payload validation error: 'String does not match pattern ^con_[A-Za-z0-9]{16}$: nope' on property connection_id (connection_id of the connection from which users will be exported).",
    )
    const extra = await api(tenant, 'POST', '/jobs/users-exports', {
      body: { format: 'json', users: true },
    })
    expect(extra.body.message).toBe(
      "Payload validation error: 'Additional properties not allowed: users'.",
    )
  })

  it('writes CSV with the injection-safe escaping', async () => {
    const job = await api(tenant, 'POST', '/jobs/users-exports', {
      body: {
        format: 'csv',
        limit: 2,
        fields: [{ name: 'email', export_as: 'Email' }, { name: 'user_metadata.plan' }],
      },
    })
    clock.advance(2000)
    const done = await api(tenant, 'GET', `/jobs/${job.body.id}`)
    expect(done.body.location).toContain('dev-tenant.csv.gz')
    const csv = gunzipSync((await download(done.body.location)).buffer).toString()
    const [header, first] = csv.split('\n')
    expect(header).toBe('Email,user_metadata.plan')
    expect(first).toMatch(/^"'export\d+@example\.com","'\{""tier"":""gold""\}"$/)
  })

  it('refuses a tampered or expired link (60 s) with 403', async () => {
    const job = await api(tenant, 'POST', '/jobs/users-exports', { body: {} })
    clock.advance(2000)
    const { location } = (await api(tenant, 'GET', `/jobs/${job.body.id}`)).body
    // Another first character than the real one (an 'x' would leave a signature starting with 'x' as it is).
    const tampered = location.replace(
      /Signature=(.)/,
      (_: string, c: string) => `Signature=${c === 'x' ? 'y' : 'x'}`,
    )
    expect((await download(tampered)).status).toBe(403)
    clock.advance(61_000)
    const expired = await download(location)
    expect(expired.status).toBe(403)
    expect(expired.buffer.toString()).toContain('<Code>AccessDenied</Code>')
    // A fresh GET of the job gives a fresh link.
    const fresh = (await api(tenant, 'GET', `/jobs/${job.body.id}`)).body.location
    expect((await download(fresh)).status).toBe(200)
  })
})
