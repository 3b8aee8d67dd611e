import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logIn } from './login.js'
import { PASSWORD, startStack, type Stack } from './stack.js'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(() => stack.stop())

const path = (id: string) => `/users/${encodeURIComponent(id)}`

/** Follows a ticket link as a browser without JavaScript: GET the tenant's page, POST its form. */
async function setPasswordThrough(ticket: string, password: string): Promise<Response> {
  const page = await fetch(ticket)
  const html = await page.text()
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]
  if (action === undefined) throw new Error(`no form on the ticket page (${page.status})`)
  return fetch(new URL(action.replace(/&amp;/g, '&'), ticket), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ password, confirm_password: password }).toString(),
  })
}

describe('POST /users/:id/password-reset', () => {
  it('answers a ticket whose page sets the password; the owner then logs in with it', async () => {
    const email = 'forgetful@example.com'
    const created = await stack.call('POST', '/users', { email, password: PASSWORD })
    const id: string = created.body.user_id
    const res = await stack.call('POST', `${path(id)}/password-reset`, {
      result_url: 'https://app.example/welcome-back',
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const ticket: string = res.body.ticket
    expect(ticket).toMatch(/\/u\/reset-password\?ticket=/)

    const NEW = 'Br4nd-New-Passw0rd!'
    const done = await setPasswordThrough(ticket, NEW)
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toMatch(/^https:\/\/app\.example\/welcome-back/)
    expect('token' in (await logIn(stack.tenant, { email, password: NEW }))).toBe(true)
    expect('token' in (await logIn(stack.tenant, { email, password: PASSWORD }))).toBe(false)
    // A used ticket is refused.
    expect((await fetch(ticket)).status).toBe(400)
    // No password and no ticket went through the service's logs.
    expect(stack.logs.join('\n')).not.toContain(NEW)
    expect(stack.logs.join('\n')).not.toContain(ticket.split('ticket=')[1]!.replace('#', ''))
  })

  it('refuses a relative result_url or another field before any ticket is made', async () => {
    const created = await stack.call('POST', '/users', {
      email: 'careful@example.com',
      password: PASSWORD,
    })
    const id: string = created.body.user_id
    const relative = await stack.call('POST', `${path(id)}/password-reset`, { result_url: '/x' })
    expect(relative.status).toBe(400)
    const other = await stack.call('POST', `${path(id)}/password-reset`, { password: 'x' })
    expect(other.status).toBe(400)
    expect(other.body.message).toContain("'password' is not accepted here")
  })

  it('needs update:users, and answers 404 for a user of another connection', async () => {
    const missing = await stack.call('POST', `${path('auth0|nobody')}/password-reset`)
    expect(missing.status).toBe(404)
    const anonymous = await stack.call(
      'POST',
      `${path('auth0|nobody')}/password-reset`,
      undefined,
      {
        authorization: '',
      },
    )
    expect(anonymous.status).toBe(401)
  })
})

describe('POST /users/:id/email-verification', () => {
  it('has the tenant send the verification e-mail, whose link verifies the address', async () => {
    const email = 'unverified@example.com'
    const created = await stack.call('POST', '/users', { email, password: PASSWORD })
    const id: string = created.body.user_id
    expect(created.body.email_verified).toBe(false)
    const res = await stack.call('POST', `${path(id)}/email-verification`)
    expect(res.status).toBe(202)
    expect(res.body.job).toMatchObject({ type: 'verification_email' })

    const mail = stack.tenant.outbox.list({ to: email }).find((m) => m.template === 'verify_email')
    expect(mail?.link).toBeDefined()
    const visit = await fetch(mail!.link!, { redirect: 'manual' })
    expect([200, 302]).toContain(visit.status)
    const after = await stack.call('GET', path(id))
    expect(after.body.email_verified).toBe(true)
    // Already verified: nothing to send.
    expect((await stack.call('POST', `${path(id)}/email-verification`)).status).toBe(409)
  })
})
