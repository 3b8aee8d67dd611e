import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_TICKET_TTL_SEC,
  MAX_TICKET_TTL_SEC,
  TicketStore,
} from '../../src/emulator/tickets.js'
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

const TICKET_URL = /^http:\/\/127\.0\.0\.1:\d+\/u\/reset-password\?ticket=[A-Za-z0-9]{32}#$/
const NARROW = { clientId: 'narrowClient', clientSecret: 'narrow-secret', scopes: ['read:users'] }

let tenant: TestTenant
const clock = manualClock()

beforeAll(async () => {
  tenant = await startTenant({
    now: clock.now,
    clients: [NATIVE_APP, NARROW],
    bruteForce: { threshold: 3 },
  })
})
afterAll(() => tenant.stop())

const ticket = (body: unknown) => api(tenant, 'POST', '/tickets/password-change', { body })
const verifyTicket = (body: unknown) => api(tenant, 'POST', '/tickets/email-verification', { body })
const connectionId = async () =>
  ((await api(tenant, 'GET', '/connections')).body as { id: string }[])[0]!.id

/** Follows a ticket link as a browser without JavaScript would: GET the page, POST its form. */
async function resetPassword(url: string, password: string, confirm = password) {
  const page = await fetch(url)
  const html = await page.text()
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]
  if (page.status !== 200 || action === undefined) return { status: page.status, html }
  const res = await fetch(new URL(action.replace(/&amp;/g, '&'), url), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ password, confirm_password: confirm }).toString(),
  })
  return { status: res.status, location: res.headers.get('location'), html: await res.text() }
}

const login = (email: string, password: string) =>
  submitLogin(tenant, authorizeRequest(tenant).url, { email, password })

describe('POST /tickets/password-change', () => {
  it('answers 201 with a ticket URL in the recorded shape, by user_id or email + connection_id', async () => {
    const user = await createUser(tenant, { email: 'shape@tickets.test' })
    const byId = await ticket({ user_id: user.user_id, result_url: 'https://app.test/done' })
    expect(byId.status).toBe(201)
    expect(byId.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(Object.keys(byId.body)).toEqual(['ticket'])
    expect(byId.body.ticket).toMatch(TICKET_URL)
    const byEmail = await ticket({
      email: 'SHAPE@tickets.test',
      connection_id: await connectionId(),
      ttl_sec: 3600,
    })
    expect(byEmail.status).toBe(201)
    expect(byEmail.body.ticket).toMatch(TICKET_URL)
    expect(byEmail.body.ticket).not.toBe(byId.body.ticket)
  })

  it("refuses Auth0's bad combinations and values with 400s", async () => {
    const user = await createUser(tenant, { email: 'bad@tickets.test' })
    const con = await connectionId()
    const cases: [unknown, string][] = [
      [
        { user_id: user.user_id, email: 'bad@tickets.test', connection_id: con },
        'user_id cannot be used together with email or connection_id',
      ],
      [{}, "Payload validation error: 'Missing required property: user_id'."],
      [
        { email: 'bad@tickets.test' },
        "Payload validation error: 'Missing required property: connection_id'.",
      ],
      [{ connection_id: con }, "Payload validation error: 'Missing required property: email'."],
      [
        { user_id: user.user_id, foo: 1 },
        "Payload validation error: 'Additional properties not allowed: foo'.",
      ],
      [
        { user_id: user.user_id, result_url: 'https://a.test', client_id: tenant.clientId },
        'result_url cannot be used together with client_id or organization_id',
      ],
      [
        { identity: { user_id: 'x', provider: 'auth0' } },
        "Payload validation error: 'Missing required property: user_id'.",
      ],
    ]
    for (const [body, message] of cases) {
      const res = await ticket(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message,
        errorCode: 'invalid_body',
      })
    }
    expect(
      (await ticket({ user_id: user.user_id, ttl_sec: MAX_TICKET_TTL_SEC + 1 })).body.message,
    ).toBe(
      `Payload validation error: 'Value ${MAX_TICKET_TTL_SEC + 1} is greater than maximum ${MAX_TICKET_TTL_SEC}' on property ttl_sec (Number of seconds for which the ticket is valid before expiration. If unspecified or set to 0, this value defaults to 432000 seconds (5 days)).`,
    )
    expect((await ticket({ user_id: user.user_id, ttl_sec: -1 })).status).toBe(400)
    expect((await ticket({ user_id: user.user_id, result_url: 'not a url' })).status).toBe(400)
    expect(
      (await ticket({ email: 'bad@tickets.test', connection_id: 'con_x' })).body.message,
    ).toMatch(/pattern/)
    expect(
      (await ticket({ email: 'bad@tickets.test', connection_id: 'con_AAAAAAAAAAAAAAAA' })).body
        .errorCode,
    ).toBe('inexistent_connection')
    expect((await ticket({ user_id: user.user_id, client_id: 'nope' })).status).toBe(404)
    expect((await ticket({ user_id: user.user_id, organization_id: 'org_1' })).status).toBe(404)
    expect(
      (await ticket({ user_id: user.user_id, identity: { user_id: 'other', provider: 'auth0' } }))
        .status,
    ).toBe(400)
    expect(
      (
        await ticket({
          user_id: user.user_id,
          identity: { user_id: 'x', provider: 'google-oauth2' },
        })
      ).body.message,
    ).toBe(
      'Payload validation error: \'No enum match for: "google-oauth2"\' on property identity.provider.',
    )
    const own = { user_id: user.user_id.slice('auth0|'.length), provider: 'auth0' }
    expect((await ticket({ user_id: user.user_id, identity: own })).status).toBe(201)
  })

  it('404s an unknown user (by id or e-mail) and hostile ids', async () => {
    for (const user_id of ['auth0|nobody', '__proto__', 'constructor', '..', '.']) {
      const res = await ticket({ user_id })
      expect(res.status).toBe(404)
      expect(res.body.errorCode).toBe('inexistent_user')
    }
    const res = await ticket({ email: 'nobody@tickets.test', connection_id: await connectionId() })
    expect(res.status).toBe(404)
  })

  it('needs create:user_tickets', async () => {
    const token = await getToken(tenant, NARROW.clientId, NARROW.clientSecret)
    const res = await api(tenant, 'POST', '/tickets/password-change', {
      token,
      body: { user_id: 'x' },
    })
    expect(res.status).toBe(403)
    expect(res.body.message).toBe('Insufficient scope, expected any of: create:user_tickets')
  })
})

describe('the password-change ticket page', () => {
  it('sets a password under the policy, redirects to result_url, then the login page accepts it', async () => {
    const user = await createUser(tenant, { email: 'reset@tickets.test' })
    const { body } = await ticket({
      user_id: user.user_id,
      result_url: 'https://app.test/after?x=1',
      includeEmailInRedirect: true,
      mark_email_as_verified: true,
    })
    // Too weak for the default `fair` policy: the form again, and the ticket still works.
    const weak = await resetPassword(body.ticket, 'short')
    expect(weak.status).toBe(400)
    expect(weak.html).toContain('Password is too weak')
    const mismatch = await resetPassword(body.ticket, 'N3w-Passw0rd', 'N3w-Passw0rd!')
    expect(mismatch.status).toBe(400)
    expect(mismatch.html).toContain('Passwords do not match.')

    const done = await resetPassword(body.ticket, 'N3w-Passw0rd')
    expect(done.status).toBe(302)
    const location = new URL(done.location!)
    expect(location.origin + location.pathname).toBe('https://app.test/after')
    expect(Object.fromEntries(location.searchParams)).toEqual({
      x: '1',
      email: 'reset@tickets.test',
      success: 'true',
      message: 'You can now login to the application with the new password.',
    })
    const after = (await api(tenant, 'GET', userPath(user.user_id))).body
    expect(after.email_verified).toBe(true)
    expect(after.last_password_reset).toBe(after.updated_at)

    expect(
      callbackParams(await login('reset@tickets.test', 'N3w-Passw0rd')).get('code'),
    ).toBeTruthy()
    expect((await login('reset@tickets.test', 'Passw0rd!x')).status).toBe(400)

    // Used: refused with a page.
    const again = await fetch(body.ticket)
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('This link has expired or was already used.')
    const types = (await api(tenant, 'GET', `${userPath(user.user_id)}/logs?sort=date:1`)).body.map(
      (e: { type: string }) => e.type,
    )
    expect(types).toEqual(['fcp', 'fcp', 'scp', 's', 'fp'])
  })

  it('without result_url shows a page; without mark_email_as_verified leaves the flag', async () => {
    const user = await createUser(tenant, { email: 'plain@tickets.test' })
    const { body } = await ticket({ user_id: user.user_id })
    const done = await resetPassword(body.ticket, 'An0ther-Passw0rd')
    expect(done.status).toBe(200)
    expect(done.html).toContain('You can now login to the application with the new password.')
    expect((await api(tenant, 'GET', userPath(user.user_id))).body.email_verified).toBe(false)
  })

  it('lifts brute-force blocks of the user', async () => {
    const user = await createUser(tenant, { email: 'locked@tickets.test' })
    for (let i = 0; i < 3; i++) await login('locked@tickets.test', 'Wr0ng-pass')
    expect((await login('locked@tickets.test', 'Passw0rd!x')).status).toBe(429)
    const { body } = await ticket({ user_id: user.user_id })
    expect((await resetPassword(body.ticket, 'Unl0cked-pass')).status).toBe(200)
    expect(
      callbackParams(await login('locked@tickets.test', 'Unl0cked-pass')).get('code'),
    ).toBeTruthy()
  })

  it('expires after ttl_sec (default 5 days), and unknown or forged tickets are refused', async () => {
    const user = await createUser(tenant, { email: 'expiry@tickets.test' })
    const short = (await ticket({ user_id: user.user_id, ttl_sec: 60 })).body.ticket
    const long = (await ticket({ user_id: user.user_id })).body.ticket
    clock.advance(60_000)
    expect((await fetch(short)).status).toBe(400)
    expect((await fetch(long)).status).toBe(200)
    clock.advance(DEFAULT_TICKET_TTL_SEC * 1000 - 60_000)
    expect((await fetch(long)).status).toBe(400)
    for (const forged of ['', 'x', '__proto__', 'constructor']) {
      expect((await fetch(`${tenant.domain}/u/reset-password?ticket=${forged}`)).status).toBe(400)
    }
    expect((await fetch(`${tenant.domain}/u/email-verification`, { method: 'POST' })).status).toBe(
      404,
    )
    // The clock moved past the token's lifetime: a fresh one for the tests that follow.
    tenant.token = await getToken(tenant, tenant.clientId, tenant.clientSecret)
  })
})

describe('the e-mail verification ticket', () => {
  it('verifies the e-mail when opened, logs sv, redirects with the email, works once', async () => {
    const user = await createUser(tenant, { email: 'verify@tickets.test' })
    const res = await verifyTicket({
      user_id: user.user_id,
      result_url: 'https://app.test/verified',
      includeEmailInRedirect: true,
      ttl_sec: 3600,
    })
    expect(res.status).toBe(201)
    expect(res.body.ticket).toMatch(/\/u\/email-verification\?ticket=[A-Za-z0-9]{32}#$/)
    // A verification ticket does not open the password page.
    expect(
      (await fetch(res.body.ticket.replace('email-verification', 'reset-password'))).status,
    ).toBe(400)
    const open = await fetch(res.body.ticket, { redirect: 'manual' })
    expect(open.status).toBe(302)
    const location = new URL(open.headers.get('location')!)
    expect(location.searchParams.get('email')).toBe('verify@tickets.test')
    expect(location.searchParams.get('success')).toBe('true')
    expect((await api(tenant, 'GET', userPath(user.user_id))).body.email_verified).toBe(true)
    expect((await fetch(res.body.ticket)).status).toBe(400)
    const logs = (await api(tenant, 'GET', `${userPath(user.user_id)}/logs`)).body
    expect(logs[0]).toMatchObject({
      type: 'sv',
      user_id: user.user_id,
      user_name: 'verify@tickets.test',
    })
  })

  it('needs user_id, refuses mark_email_as_verified and email, 404s unknown users', async () => {
    expect((await verifyTicket({})).body.message).toBe(
      "Payload validation error: 'Missing required property: user_id'.",
    )
    expect((await verifyTicket({ user_id: 'x', mark_email_as_verified: true })).body.message).toBe(
      "Payload validation error: 'Additional properties not allowed: mark_email_as_verified'.",
    )
    expect((await verifyTicket({ user_id: 'auth0|nobody' })).status).toBe(404)
  })
})

describe('TicketStore', () => {
  it('keeps at most its cap, the oldest going first', () => {
    const store = new TicketStore(manualClock().now, 3)
    const ids = Array.from({ length: 5 }, () =>
      new URL(
        store.issue(
          {
            kind: 'password_change',
            userId: 'u',
            resultUrl: undefined,
            markEmailAsVerified: false,
            includeEmailInRedirect: false,
          },
          0,
          'http://h',
        ),
      ).searchParams.get('ticket')!,
    )
    expect(store.size).toBe(3)
    expect(store.peek(ids[0]!, 'password_change')).toBeUndefined()
    expect(store.peek(ids[4]!, 'password_change')).toBeDefined()
    expect(store.peek(ids[4]!, 'email_verification')).toBeUndefined()
  })
})
