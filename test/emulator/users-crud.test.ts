import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createUser, startTenant, userPath, type TestTenant } from './helpers.js'

let tenant: TestTenant

beforeAll(async () => {
  tenant = await startTenant({
    connections: [
      'Username-Password-Authentication',
      { name: 'with-username', requiresUsername: true, passwordPolicy: 'none' },
    ],
  })
})
afterAll(() => tenant.stop())

const badRequest = (message: string, errorCode?: string) => ({
  statusCode: 400,
  error: 'Bad Request',
  message,
  ...(errorCode ? { errorCode } : {}),
})

describe('POST /users', () => {
  it('fills in Auth0 create defaults', async () => {
    const res = await api(tenant, 'POST', '/users', {
      body: {
        connection: tenant.connection,
        email: 'Kiprono.Kigen4@Gmail.com',
        password: 'Passw0rd!x',
        app_metadata: { role: 'admin' },
      },
    })
    expect(res.status).toBe(201)
    const user = res.body
    expect(user.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/)
    const hex = user.user_id.slice('auth0|'.length)
    const md5 = createHash('md5').update('kiprono.kigen4@gmail.com').digest('hex')
    expect(user).toEqual({
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      email: 'kiprono.kigen4@gmail.com',
      email_verified: false,
      identities: [
        {
          connection: 'Username-Password-Authentication',
          user_id: hex,
          provider: 'auth0',
          isSocial: false,
        },
      ],
      name: 'kiprono.kigen4@gmail.com',
      nickname: 'kiprono.kigen4',
      picture: `https://s.gravatar.com/avatar/${md5}?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fki.png`,
      updated_at: user.created_at,
      user_id: user.user_id,
      app_metadata: { role: 'admin' },
    })
    // Key order as in the recorded 201: alphabetical, metadata last.
    expect(Object.keys(user)).toEqual([
      'created_at',
      'email',
      'email_verified',
      'identities',
      'name',
      'nickname',
      'picture',
      'updated_at',
      'user_id',
      'app_metadata',
    ])
    expect(user).not.toHaveProperty('password')
    expect(user).not.toHaveProperty('logins_count')
  })

  it('keeps supplied profile fields and a supplied user_id', async () => {
    const user = await createUser(tenant, {
      email: 'given@example.com',
      user_id: 'custom-123',
      name: 'Jane Doe',
      given_name: 'Jane',
      family_name: 'Doe',
      email_verified: true,
      verify_email: false,
      blocked: false,
      user_metadata: { lang: 'fr' },
    })
    expect(user.user_id).toBe('auth0|custom-123')
    expect(user.identities[0].user_id).toBe('custom-123')
    expect(user).toMatchObject({
      name: 'Jane Doe',
      given_name: 'Jane',
      family_name: 'Doe',
      email_verified: true,
      blocked: false,
    })
    expect(user).not.toHaveProperty('verify_email')
  })

  it('answers the recorded 409 for a duplicate email (any case) and a duplicate user_id', async () => {
    await createUser(tenant, { email: 'dup@example.com' })
    const again = await api(tenant, 'POST', '/users', {
      body: { connection: tenant.connection, email: 'DUP@example.com', password: 'Passw0rd!x' },
    })
    expect(again.text).toBe(
      '{"statusCode":409,"error":"Conflict","message":"The user already exists.","errorCode":"auth0_idp_error"}',
    )
    const sameId = await api(tenant, 'POST', '/users', {
      body: {
        connection: tenant.connection,
        email: 'other-id@example.com',
        password: 'Passw0rd!x',
        user_id: 'custom-123',
      },
    })
    expect(sameId.status).toBe(409)
  })

  it.each([
    [
      { email: 'x@example.com', password: 'Passw0rd!x' },
      "Payload validation error: 'Missing required property: connection'.",
    ],
    [
      { connection: 'Username-Password-Authentication', password: 'Passw0rd!x' },
      "Payload validation error: 'Missing required property: email'.",
    ],
    [
      { connection: 'Username-Password-Authentication', email: 'y@example.com' },
      "Payload validation error: 'Missing required property: password'.",
    ],
    [
      {
        connection: 'Username-Password-Authentication',
        email: 'not-an-email',
        password: 'Passw0rd!x',
      },
      "Payload validation error: 'Object didn't pass validation for format email: not-an-email' on property email (The user's email).",
    ],
    [
      {
        connection: 'Username-Password-Authentication',
        email: 'z@example.com',
        password: 'Passw0rd!x',
        favourite_colour: 'red',
      },
      "Payload validation error: 'Additional properties not allowed: favourite_colour'.",
    ],
    [
      {
        connection: 'Username-Password-Authentication',
        email: 'z@example.com',
        password: 'Passw0rd!x',
        name: 42,
      },
      "Payload validation error: 'Expected type string but found type integer' on property name (The user's full name).",
    ],
    [
      {
        connection: 'Username-Password-Authentication',
        email: 'z@example.com',
        password: 'Passw0rd!x',
        phone_number: '0612',
      },
      "Payload validation error: 'String does not match pattern ^\\+[0-9]{1,15}$: 0612' on property phone_number (The user's phone number (following the E.164 recommendation), only valid for users from SMS connections).",
    ],
    [
      {
        connection: 'Username-Password-Authentication',
        email: 'z@example.com',
        password: 'Passw0rd!x',
        given_name: '',
      },
      "Payload validation error: 'String is too short (0 chars), minimum 1' on property given_name (The user's given name(s)).",
    ],
    [
      {
        connection: 'Username-Password-Authentication',
        email: 'z@example.com',
        password: 'Passw0rd!x',
        user_metadata: [],
      },
      "Payload validation error: 'Expected type object but found type array' on property user_metadata (Data related to the user that does not affect the application's core functionality).",
    ],
    [
      {
        connection: 'Username-Password-Authentication',
        email: 'z@example.com',
        password: 'Passw0rd!x',
        username: 'zed',
      },
      'Cannot set username for connection without requires_username',
    ],
  ])('validates the payload: %j', async (body, message) => {
    const res = await api(tenant, 'POST', '/users', { body })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(badRequest(message, 'invalid_body'))
  })

  it('refuses a non-object body', async () => {
    const res = await api(tenant, 'POST', '/users', { body: [1, 2] })
    expect(res.body).toEqual(
      badRequest(
        "Payload validation error: 'Expected type object but found type array'.",
        'invalid_body',
      ),
    )
  })

  it('answers inexistent_connection for an unknown connection', async () => {
    const res = await api(tenant, 'POST', '/users', {
      body: { connection: 'nope', email: 'c@example.com', password: 'Passw0rd!x' },
    })
    expect(res.body).toEqual(badRequest('The connection does not exist.', 'inexistent_connection'))
  })

  it('enforces the password policy with the recorded body (no errorCode)', async () => {
    const res = await api(tenant, 'POST', '/users', {
      body: { connection: tenant.connection, email: 'weak@example.com', password: 'password' },
    })
    expect(res.text).toBe(
      '{"statusCode":400,"error":"Bad Request","message":"PasswordStrengthError: Password is too weak"}',
    )
  })

  it('requires, lower-cases and deduplicates usernames on requires_username connections', async () => {
    const missing = await api(tenant, 'POST', '/users', {
      body: { connection: 'with-username', email: 'u1@example.com', password: 'x' },
    })
    expect(missing.body.message).toBe(
      "Payload validation error: 'Missing required property: username'.",
    )
    const user = await createUser(tenant, {
      connection: 'with-username',
      email: 'u1@example.com',
      username: 'Zed',
      password: 'x',
    })
    expect(user.username).toBe('zed')
    const dup = await api(tenant, 'POST', '/users', {
      body: {
        connection: 'with-username',
        email: 'u2@example.com',
        username: 'ZED',
        password: 'x',
      },
    })
    expect(dup.status).toBe(409)
    // The same email in another connection is another user.
    const elsewhere = await createUser(tenant, {
      connection: 'with-username',
      email: 'dup@example.com',
      username: 'dupe',
      password: 'x',
    })
    expect(elsewhere.identities[0].connection).toBe('with-username')
  })

  it('accepts form-urlencoded bodies', async () => {
    const res = await api(tenant, 'POST', '/users', {
      raw: new URLSearchParams({
        connection: tenant.connection,
        email: 'form@example.com',
        password: 'Passw0rd!x',
        email_verified: 'true',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(201)
    expect(res.body.email_verified).toBe(true)
  })
})

describe('GET /users/{id} and /users-by-email', () => {
  it('gets a user by URL-encoded id, with fields projection', async () => {
    const user = await createUser(tenant, { email: 'get@example.com' })
    const res = await api(tenant, 'GET', userPath(user.user_id))
    expect(res.body).toEqual(user)
    const only = await api(
      tenant,
      'GET',
      `${userPath(user.user_id)}?fields=email,user_id&include_fields=true`,
    )
    expect(only.body).toEqual({ email: 'get@example.com', user_id: user.user_id })
  })

  it('answers the 404 body for an unknown id', async () => {
    const res = await api(tenant, 'GET', userPath('auth0|000000000000000000000000'))
    expect(res.text).toBe(
      '{"statusCode":404,"error":"Not Found","message":"The user does not exist.","errorCode":"inexistent_user"}',
    )
  })

  it('finds by exact, case-sensitive email', async () => {
    const user = await createUser(tenant, { email: 'ByEmail@Example.com' })
    expect((await api(tenant, 'GET', '/users-by-email?email=byemail%40example.com')).body).toEqual([
      user,
    ])
    expect((await api(tenant, 'GET', '/users-by-email?email=ByEmail%40Example.com')).body).toEqual(
      [],
    )
    const missing = await api(tenant, 'GET', '/users-by-email')
    expect(missing.body).toEqual(
      badRequest(
        "Query validation error: 'Missing required property: email'.",
        'invalid_query_string',
      ),
    )
  })
})

describe('PATCH /users/{id}', () => {
  it('replaces root attributes, unsets with null and moves updated_at', async () => {
    const user = await createUser(tenant, {
      email: 'patch@example.com',
      given_name: 'Pat',
      nickname: 'pp',
    })
    const res = await api(tenant, 'PATCH', userPath(user.user_id), {
      body: { given_name: 'Patricia', nickname: null, blocked: true },
    })
    expect(res.status).toBe(200)
    expect(res.body.given_name).toBe('Patricia')
    expect(res.body).not.toHaveProperty('nickname')
    expect(res.body.blocked).toBe(true)
    expect(res.body.updated_at > user.updated_at).toBe(true)
    expect(res.body.created_at).toBe(user.created_at)
    expect((await api(tenant, 'GET', userPath(user.user_id))).body).toEqual(res.body)
  })

  it('merges metadata one level deep; null deletes a key; {} clears', async () => {
    const user = await createUser(tenant, {
      email: 'meta@example.com',
      user_metadata: { color: 'red', lang: 'fr', prefs: { a: 1, b: 2 } },
      app_metadata: { plan: 'gold' },
    })
    const merged = await api(tenant, 'PATCH', userPath(user.user_id), {
      body: { user_metadata: { color: null, size: 'L', prefs: { c: 3 } } },
    })
    expect(merged.body.user_metadata).toEqual({ lang: 'fr', size: 'L', prefs: { c: 3 } })
    expect(merged.body.app_metadata).toEqual({ plan: 'gold' })
    const cleared = await api(tenant, 'PATCH', userPath(user.user_id), {
      body: { app_metadata: {} },
    })
    expect(cleared.body).not.toHaveProperty('app_metadata')
    expect(cleared.body.user_metadata).toEqual({ lang: 'fr', size: 'L', prefs: { c: 3 } })
  })

  it.each([
    [
      { password: 'Passw0rd!y', email: 'n@example.com' },
      'Cannot update password and email simultaneously',
    ],
    [
      { password: 'Passw0rd!y', email_verified: true },
      'Cannot update password and email_verified simultaneously',
    ],
    [
      { username: 'u', password: 'Passw0rd!y' },
      'Cannot update username and password simultaneously',
    ],
    [{ username: 'u', email: 'n@example.com' }, 'Cannot update username and email simultaneously'],
    [
      { username: 'u', email_verified: true },
      'Cannot update username and email_verified simultaneously',
    ],
  ])('refuses the pair %j', async (body, message) => {
    const user = await createUser(tenant, {
      email: `pair-${Object.keys(body).join('-')}@example.com`,
    })
    const res = await api(tenant, 'PATCH', userPath(user.user_id), { body })
    expect(res.body).toEqual(badRequest(message, 'invalid_body'))
  })

  it('validates the body, the password policy and email uniqueness', async () => {
    const user = await createUser(tenant, { email: 'pv@example.com' })
    const other = await createUser(tenant, { email: 'pv2@example.com' })
    const extra = await api(tenant, 'PATCH', userPath(user.user_id), { body: { foo: 1 } })
    expect(extra.body).toEqual(
      badRequest(
        "Payload validation error: 'Additional properties not allowed: foo'.",
        'invalid_body',
      ),
    )
    const weak = await api(tenant, 'PATCH', userPath(user.user_id), { body: { password: 'abc' } })
    expect(weak.body).toEqual(badRequest('PasswordStrengthError: Password is too weak'))
    const taken = await api(tenant, 'PATCH', userPath(user.user_id), {
      body: { email: other.email },
    })
    expect(taken.status).toBe(409)
    const email = await api(tenant, 'PATCH', userPath(user.user_id), {
      body: { email: 'PV-New@example.com' },
    })
    expect(email.body).toMatchObject({ email: 'pv-new@example.com', email_verified: false })
    const strong = await api(tenant, 'PATCH', userPath(user.user_id), {
      body: { password: 'N3wPassw0rd' },
    })
    expect(strong.body.last_password_reset).toBe(strong.body.updated_at)
    expect(strong.body).not.toHaveProperty('password')
  })

  it('validates before looking the user up, then 404s', async () => {
    const res = await api(tenant, 'PATCH', userPath('auth0|nobody'), { body: { name: 'x' } })
    expect(res.body.errorCode).toBe('inexistent_user')
    const invalid = await api(tenant, 'PATCH', userPath('auth0|nobody'), { body: { name: 1 } })
    expect(invalid.body.errorCode).toBe('invalid_body')
  })
})

describe('DELETE /users/{id}', () => {
  it('answers 204 with no body, also for an unknown or already deleted id', async () => {
    const user = await createUser(tenant, { email: 'del@example.com' })
    const first = await api(tenant, 'DELETE', userPath(user.user_id))
    expect(first.status).toBe(204)
    expect(first.text).toBe('')
    expect((await api(tenant, 'DELETE', userPath(user.user_id))).status).toBe(204)
    expect((await api(tenant, 'GET', userPath(user.user_id))).status).toBe(404)
    // The email is free again.
    await createUser(tenant, { email: 'del@example.com' })
  })
})
