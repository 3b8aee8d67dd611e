import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { api, manualClock, startTenant, type TestTenant } from './helpers.js'
import { connectionId, postImport } from './import-helpers.js'

let tenant: TestTenant | undefined
afterEach(async () => {
  await tenant?.stop()
  tenant = undefined
})

const users = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@example.com` }))

/** Streams `total` bytes of a multipart body in 64 KiB chunks until the server answers. */
function streamHuge(
  t: TestTenant,
  total: number,
  chunked: boolean,
): Promise<{ status: number; body: string; written: number }> {
  return new Promise((resolve, reject) => {
    const boundary = 'hugeboundary'
    let written = 0
    let answered = false
    const headers: Record<string, string> = {
      authorization: `Bearer ${t.token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    }
    if (!chunked) headers['content-length'] = String(total)
    const req = request(
      `${t.domain}/api/v2/jobs/users-imports`,
      { method: 'POST', headers },
      (res) => {
        answered = true
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString(), written }),
        )
      },
    )
    // The server closes the connection after its 413: later writes fail, which is expected.
    req.on('error', (err) => (answered ? undefined : reject(err)))
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="users"; filename="users.json"\r\n` +
        'Content-Type: application/json\r\n\r\n[',
    )
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    const pump = () => {
      if (written === 0) {
        req.write(head)
        written += head.length
      }
      while (!answered && written < total) {
        written += chunk.length
        if (!req.write(chunk)) return void req.once('drain', pump)
      }
      if (!answered) req.end()
    }
    pump()
  })
}

describe('import limits', () => {
  it('answers 413 for a file over 512000 bytes, before the body is read (Content-Length)', async () => {
    tenant = await startTenant()
    const res = await streamHuge(tenant, 10 * 1024 * 1024, false)
    expect(res.status).toBe(413)
    expect(JSON.parse(res.body)).toEqual({
      statusCode: 413,
      error: 'Request Entity Too Large',
      message: 'Payload content length greater than maximum allowed: 512000.',
    })
  })

  it('stops reading a chunked 10 MB body at the limit and answers 413', async () => {
    tenant = await startTenant()
    const total = 10 * 1024 * 1024
    const res = await streamHuge(tenant, total, true)
    expect(res.status).toBe(413)
    expect(res.written).toBeLessThan(total)
  })

  it('accepts a file of exactly 512000 bytes', async () => {
    tenant = await startTenant()
    const conId = await connectionId(tenant)
    const json = JSON.stringify([{ email: 'edge@example.com' }])
    const file = json.slice(0, -1) + ' '.repeat(512_000 - json.length) + ']'
    expect(Buffer.byteLength(file)).toBe(512_000)
    expect((await postImport(tenant, { file, connection_id: conId })).status).toBe(202)
    const over = await postImport(tenant, { file: file + ' ', connection_id: conId })
    expect(over.status).toBe(413)
  })

  it('refuses too many parts and over-long fields with 400', async () => {
    tenant = await startTenant()
    const boundary = 'b0undary'
    const parts = Array.from(
      { length: 5000 },
      (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`,
    )
    const many = await api(tenant, 'POST', '/jobs/users-imports', {
      raw: parts.join('') + `--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    })
    expect(many.status).toBe(400)
    expect(many.body.message).toBe('Invalid multipart payload format: more than 10 parts')
    const long = await api(tenant, 'POST', '/jobs/users-imports', {
      raw: `--${boundary}\r\nContent-Disposition: form-data; name="external_id"\r\n\r\n${'e'.repeat(5000)}\r\n--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    })
    expect(long.status).toBe(400)
    expect(long.body.message).toMatch(/longer than 1024/)
    const unknown = await postImport(tenant, { users: [], connection_id: 'x', upsert: 'maybe' })
    expect(unknown.body.message).toMatch(/Expected type boolean but found type string/)
  })
})

describe('paced jobs (the injected clock)', () => {
  it('allows two pending jobs per tenant: the third gets 429 until one completes', async () => {
    const clock = manualClock()
    tenant = await startTenant({ now: clock.now, importUsersPerSecond: 1 })
    const conId = await connectionId(tenant)
    const first = await postImport(tenant, { users: users('a', 5), connection_id: conId })
    const second = await postImport(tenant, { users: users('b', 5), connection_id: conId })
    expect([first.status, second.status]).toEqual([202, 202])
    const third = await postImport(tenant, { users: users('c', 5), connection_id: conId })
    expect(third.status).toBe(429)
    expect(third.body).toMatchObject({ statusCode: 429, errorCode: 'too_many_requests' })

    clock.advance(2_000)
    const running = await api(tenant, 'GET', `/jobs/${first.body.id}`)
    expect(running.body).toMatchObject({
      status: 'pending',
      percentage_done: 40,
      time_left_seconds: 3,
    })
    const some = await api(tenant, 'GET', '/users-by-email?email=a1@example.com')
    expect(some.body).toHaveLength(1)
    expect((await api(tenant, 'GET', '/users-by-email?email=a2@example.com')).body).toEqual([])

    clock.advance(3_000)
    const done = await api(tenant, 'GET', `/jobs/${first.body.id}`)
    expect(done.body).toMatchObject({ status: 'completed', summary: { inserted: 5, total: 5 } })
    expect((await postImport(tenant, { users: users('c', 5), connection_id: conId })).status).toBe(
      202,
    )
  })

  it('fails a job still running after 2 hours; /errors then answers the job', async () => {
    const clock = manualClock()
    tenant = await startTenant({ now: clock.now, importUsersPerSecond: 0.001 })
    const conId = await connectionId(tenant)
    const job = await postImport(tenant, { users: users('slow', 10), connection_id: conId })
    clock.advance(2 * 3600 * 1000)
    const failed = await api(tenant, 'GET', `/jobs/${job.body.id}`)
    expect(failed.body).toEqual({
      type: 'users_import',
      status: 'failed',
      connection_id: conId,
      connection: tenant.connection,
      created_at: job.body.created_at,
      id: job.body.id,
      status_details: 'Job timed out after 2 hours',
    })
    const errors = await api(tenant, 'GET', `/jobs/${job.body.id}/errors`)
    expect(errors.status).toBe(200)
    expect(errors.body).toEqual(failed.body)
    // 7 users were in before the timeout (one per 1000 s); they stay.
    expect((await api(tenant, 'GET', '/users-by-email?email=slow6@example.com')).body).toHaveLength(
      1,
    )
    expect((await api(tenant, 'GET', '/users-by-email?email=slow7@example.com')).body).toEqual([])
    const logs = await api(tenant, 'GET', '/logs?q=type:"fui"')
    expect(logs.body).toHaveLength(1)
  })

  it('forgets jobs after 24 hours', async () => {
    const clock = manualClock()
    tenant = await startTenant({ now: clock.now, tokenLifetimeSeconds: 3 * 86_400 })
    const conId = await connectionId(tenant)
    const job = await postImport(tenant, { users: users('old', 1), connection_id: conId })
    expect((await api(tenant, 'GET', `/jobs/${job.body.id}`)).body.status).toBe('completed')
    clock.advance(24 * 3600 * 1000)
    const gone = await api(tenant, 'GET', `/jobs/${job.body.id}`)
    expect(gone.status).toBe(404)
    expect(gone.body.message).toBe('Job not found.')
  })
})
