import { Auth0 } from 'auth0plus'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logIn, tokenFor } from './login.js'
import { PASSWORD, startStack, type Stack } from './stack.js'

// The review's attack: create (or patch) a user with the login rule's role and a verified
// e-mail, log in as them, and leave with a Management API token holding delete:users. And its
// twin on the service's own API: a user the service made logs in and calls the service.
const ATTACKER = { email: 'mallory@example.com', password: PASSWORD }
const RULE_MESSAGE = 'Only users with the "cli" role may get a Management API token.'

let stack: Stack
/** The tenant seen directly, past the service (every connection). */
let admin: Auth0
beforeAll(async () => {
  stack = await startStack({
    emulator: {
      loginRule: { role: 'cli' },
      users: [{ email: 'verified@example.com', email_verified: true }],
    },
  })
  admin = new Auth0(stack.tenant.domain, {
    clientId: stack.tenant.clientId,
    clientSecret: stack.tenant.clientSecret,
  })
})
afterAll(() => stack.stop())

const path = (id: string) => `/users/${encodeURIComponent(id)}`

describe('fields a caller may not set', () => {
  it('refuses app_metadata and email_verified on POST, naming them, and creates no one', async () => {
    const res = await stack.call('POST', '/users', {
      ...ATTACKER,
      app_metadata: { roles: ['cli'] },
      email_verified: true,
    })
    expect(res.status).toBe(400)
    expect(res.body.problems).toEqual([
      expect.stringMatching(/^'app_metadata' is not a field you can set \(allowed: /),
      expect.stringMatching(/^'email_verified' is not a field you can set/),
    ])
    expect(
      await admin.users.all({ connection: null }).filter({ email: ATTACKER.email }).count(),
    ).toBe(0)
  })

  it('refuses every field outside the allowlist, on POST and on PATCH', async () => {
    const created = await stack.call('POST', '/users', ATTACKER)
    expect(created.status).toBe(201)
    for (const [field, value] of [
      ['app_metadata', { roles: ['cli'] }],
      ['email_verified', true],
      ['phone_verified', true],
      ['blocked', false],
      ['user_id', 'auth0|other'],
      ['connection', 'staff'],
      ['identities', []],
      ['logins_count', 0],
      ['__proto__', { admin: true }],
    ] as const) {
      const body = `{"email":"x@example.com","password":"${PASSWORD}","${field}":${JSON.stringify(value)}}`
      const post = await stack.call('POST', '/users', body)
      expect(post.status, field).toBe(400)
      expect(post.body.message).toContain(`'${field}' is not a field you can set`)
      const patch = await stack.call(
        'PATCH',
        path(created.body.user_id),
        `{"${field}":${JSON.stringify(value)}}`,
      )
      expect(patch.status, field).toBe(400)
      expect(patch.body.message).toContain(`'${field}' is not a field you can set`)
    }
    const stored = await admin.users.get(created.body.user_id)
    expect(stored.app_metadata ?? {}).toEqual({})
    expect(stored.email_verified).toBe(false)
  })

  it('refuses __proto__ keys inside user_metadata', async () => {
    const res = await stack.call(
      'POST',
      '/users',
      `{"email":"proto@example.com","password":"${PASSWORD}","user_metadata":{"a":{"__proto__":{"x":1}}}}`,
    )
    expect(res.status).toBe(400)
    expect(res.body.message).toMatch(/'user_metadata' must be a JSON object.*without '__proto__'/)
  })

  it('does not carry a verification over to a new e-mail address', async () => {
    const verified = await admin.users.get({ email: 'verified@example.com' })
    expect(verified.email_verified).toBe(true)
    const res = await stack.call('PATCH', path(verified.user_id!), {
      email: 'mallory2@example.com',
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ email: 'mallory2@example.com', email_verified: false })
  })

  it('leaves the escalation path closed: the user the service made gets no Management token', async () => {
    const outcome = await logIn(
      stack.tenant,
      ATTACKER,
      'read:users delete:users',
      stack.tenant.audience,
    )
    expect(outcome).toEqual({ error: 'access_denied', description: RULE_MESSAGE })
  })
})

describe('a person without the service role', () => {
  it('logs in for the service API but may not write (403) nor read (403)', async () => {
    const created = await stack.call('POST', '/users', {
      email: 'norole@example.com',
      password: PASSWORD,
    })
    expect(created.status).toBe(201)
    // Asks for every permission; RBAC grants none, since no role holds them for this user.
    const token = await tokenFor(stack.tenant, { email: 'norole@example.com', password: PASSWORD })
    const claims = decodeJwt(token)
    expect(claims.permissions).toEqual([])
    expect(claims.scope ?? '').not.toMatch(/users/)
    const bearer = { authorization: `Bearer ${token}` }
    const self = path(created.body.user_id)
    for (const [method, target, body, permission] of [
      ['POST', '/users', { email: 'more@example.com', password: PASSWORD }, 'create:users'],
      ['PATCH', self, { name: 'Promoted' }, 'update:users'],
      ['DELETE', self, undefined, 'delete:users'],
      ['GET', '/users', undefined, 'read:users'],
    ] as const) {
      const res = await stack.call(method, target, body, bearer)
      expect(res.status, `${method} ${target}`).toBe(403)
      expect(res.headers.get('www-authenticate')).toContain(`scope="${permission}"`)
    }
    const stored = await admin.users.get(created.body.user_id)
    expect(stored.name).not.toBe('Promoted')
    expect(
      await admin.users.all({ connection: null }).filter({ email: 'more@example.com' }).count(),
    ).toBe(0)
  })
})

describe('password changes', () => {
  it('refuses PATCH {password} with the reason, and the old password still works', async () => {
    const created = await stack.call('POST', '/users', {
      email: 'victim@example.com',
      password: PASSWORD,
    })
    const id: string = created.body.user_id
    const res = await stack.call('PATCH', path(id), { password: 'Takeover-Passw0rd!' })
    expect(res.status).toBe(400)
    expect(res.body.message).toMatch(
      /^'password' cannot be changed here: a password is changed by its owner through a password reset/,
    )
    // Anonymous, as in the review: 401 before anything else.
    const anonymous = await stack.call(
      'PATCH',
      path(id),
      { password: 'Takeover-Passw0rd!' },
      { authorization: '' },
    )
    expect(anonymous.status).toBe(401)
    // The login page tells the two passwords apart: only the original one gets past it.
    const taken = await logIn(stack.tenant, {
      email: 'victim@example.com',
      password: 'Takeover-Passw0rd!',
    })
    expect(taken).toEqual({ error: 'wrong_credentials', description: null })
    const own = await logIn(
      stack.tenant,
      { email: 'victim@example.com', password: PASSWORD },
      'read:users',
      stack.tenant.audience,
    )
    expect(own).toEqual({ error: 'access_denied', description: RULE_MESSAGE })
    expect((await admin.users.get(id)).last_password_reset).toBeUndefined()
  })
})
