import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Outbox } from '../../src/emulator/outbox.js'
import { api, createUser, manualClock, startTenant, userPath, type TestTenant } from './helpers.js'

let tenant: TestTenant
const clock = manualClock()

beforeAll(async () => {
  tenant = await startTenant({ now: clock.now, exportDelayMs: 2000 })
})
afterAll(() => tenant.stop())

const sendVerification = (body: unknown) =>
  api(tenant, 'POST', '/jobs/verification-email', { body })

describe('POST /jobs/verification-email', () => {
  it('answers 201 with a pending job that GET /jobs/{id} later shows completed', async () => {
    const user = await createUser(tenant, { email: 'job@verify.test' })
    const res = await sendVerification({ user_id: user.user_id })
    expect(res.status).toBe(201)
    expect(Object.keys(res.body)).toEqual(['type', 'status', 'created_at', 'id'])
    expect(res.body).toMatchObject({ type: 'verification_email', status: 'pending' })
    expect(res.body.id).toMatch(/^job_[A-Za-z0-9]{16}$/)
    expect((await api(tenant, 'GET', `/jobs/${res.body.id}`)).body.status).toBe('pending')
    clock.advance(2000)
    const done = await api(tenant, 'GET', `/jobs/${res.body.id}`)
    expect(done.body).toEqual({ ...res.body, status: 'completed' })
  })

  it('puts a verification e-mail with a ticket link in the outbox; the link verifies', async () => {
    const user = await createUser(tenant, { email: 'Mail@Verify.test' })
    tenant.outbox.clear()
    await sendVerification({ user_id: user.user_id, client_id: tenant.clientId })
    const [message] = tenant.outbox.list({ to: 'MAIL@verify.test' })
    expect(message).toMatchObject({
      template: 'verify_email',
      to: 'mail@verify.test',
      userId: user.user_id,
      connection: 'Username-Password-Authentication',
      clientId: tenant.clientId,
      subject: 'Verify your email',
    })
    expect(message!.link).toMatch(/\/u\/email-verification\?ticket=[A-Za-z0-9]{32}#$/)
    expect(message!.text).toContain(message!.link)
    expect((await fetch(message!.link!)).status).toBe(200)
    expect((await api(tenant, 'GET', userPath(user.user_id))).body.email_verified).toBe(true)
    const types = (await api(tenant, 'GET', `${userPath(user.user_id)}/logs`)).body.map(
      (e: { type: string }) => e.type,
    )
    expect(types).toEqual(['sv', 'svr'])
  })

  it('refuses a missing user_id, unknown keys, unknown users and clients', async () => {
    expect((await sendVerification({})).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: "Payload validation error: 'Missing required property: user_id'.",
      errorCode: 'invalid_body',
    })
    expect((await sendVerification({ user_id: 'x', ttl_sec: 1 })).status).toBe(400)
    expect((await sendVerification({ user_id: 'auth0|nobody' })).body.errorCode).toBe(
      'inexistent_user',
    )
    expect((await sendVerification({ user_id: '__proto__' })).status).toBe(404)
    const user = await createUser(tenant, { email: 'client@verify.test' })
    expect((await sendVerification({ user_id: user.user_id, client_id: 'nope' })).status).toBe(404)
  })
})

describe('the outbox over HTTP (/__emulator/outbox)', () => {
  it('lists messages filtered by `to`, and DELETE empties it', async () => {
    tenant.outbox.clear()
    const a = await createUser(tenant, { email: 'a@outbox.test' })
    const b = await createUser(tenant, { email: 'b@outbox.test' })
    await sendVerification({ user_id: a.user_id })
    await sendVerification({ user_id: b.user_id })
    const all = await (await fetch(`${tenant.domain}/__emulator/outbox`)).json()
    expect(all).toHaveLength(2)
    const onlyB = (await (
      await fetch(`${tenant.domain}/__emulator/outbox?to=b@outbox.test`)
    ).json()) as { to: string }[]
    expect(onlyB.map((m) => m.to)).toEqual(['b@outbox.test'])
    const cleared = await fetch(`${tenant.domain}/__emulator/outbox`, { method: 'DELETE' })
    expect(cleared.status).toBe(204)
    expect(tenant.outbox.list()).toEqual([])
    expect((await fetch(`${tenant.domain}/__emulator/outbox`, { method: 'POST' })).status).toBe(404)
  })

  it('is bounded: the oldest message goes first', () => {
    const outbox = new Outbox(3)
    for (let i = 0; i < 5; i++) {
      outbox.record({
        template: 'reset_email',
        to: `u${i}@x.test`,
        userId: 'auth0|1',
        connection: 'c',
        clientId: 'x',
        sentAt: new Date(0).toISOString(),
      })
    }
    expect(outbox.list().map((m) => m.to)).toEqual(['u2@x.test', 'u3@x.test', 'u4@x.test'])
  })
})
