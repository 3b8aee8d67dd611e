import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD, startStack, type Stack } from './stack.js'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(() => stack.stop())

const path = (id: string) => `/users/${encodeURIComponent(id)}`

describe('POST /users', () => {
  it('creates the user in the configured connection and answers 201 with a Location', async () => {
    const res = await stack.call('POST', '/users', {
      email: 'Ann@Example.com',
      password: PASSWORD,
      given_name: 'Ann',
      user_metadata: { team: 'blue' },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      email: 'ann@example.com',
      given_name: 'Ann',
      user_metadata: { team: 'blue' },
      identities: [{ connection: stack.tenant.connection, provider: 'auth0' }],
    })
    expect(res.body.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/)
    expect(res.body).not.toHaveProperty('password')
    expect(res.headers.get('location')).toBe(path(res.body.user_id))
  })
})

describe('GET /users/:id', () => {
  it('answers the user, with the id URL-encoded or not', async () => {
    const created = await stack.call('POST', '/users', {
      email: 'get@example.com',
      password: PASSWORD,
    })
    const id: string = created.body.user_id
    const encoded = await stack.call('GET', path(id))
    expect(encoded.status).toBe(200)
    expect(encoded.body).toEqual(created.body)
    const raw = await stack.call('GET', `/users/${id}`)
    expect(raw.body.user_id).toBe(id)
  })
})

describe('PATCH /users/:id', () => {
  it('replaces root fields, clears with null and merges metadata one level deep', async () => {
    const created = await stack.call('POST', '/users', {
      email: 'patch@example.com',
      password: PASSWORD,
      family_name: 'Old',
      user_metadata: { team: 'blue', shirt: 'M', keep: true },
    })
    const id: string = created.body.user_id
    const res = await stack.call('PATCH', path(id), {
      given_name: 'Pat',
      family_name: null,
      user_metadata: { team: 'red', shirt: null },
    })
    expect(res.status).toBe(200)
    expect(res.body.given_name).toBe('Pat')
    expect(res.body).not.toHaveProperty('family_name')
    expect(res.body.user_metadata).toEqual({ team: 'red', keep: true })
    expect((await stack.call('GET', path(id))).body).toEqual(res.body)
  })

  it('changes the e-mail and a name in one request', async () => {
    const created = await stack.call('POST', '/users', {
      email: 'move@example.com',
      password: PASSWORD,
    })
    const res = await stack.call('PATCH', path(created.body.user_id), {
      email: 'moved@example.com',
      given_name: 'Moved',
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ email: 'moved@example.com', given_name: 'Moved' })
    expect(res.body).not.toHaveProperty('password')
  })

  it('clears a whole metadata object with null', async () => {
    const created = await stack.call('POST', '/users', {
      email: 'clear@example.com',
      password: PASSWORD,
      user_metadata: { plan: 'gold' },
    })
    const res = await stack.call('PATCH', path(created.body.user_id), { user_metadata: null })
    expect(res.status).toBe(200)
    expect(res.body).not.toHaveProperty('user_metadata')
  })
})

describe('DELETE /users/:id', () => {
  it('answers 204, and 404 once the user is gone', async () => {
    const created = await stack.call('POST', '/users', {
      email: 'bye@example.com',
      password: PASSWORD,
    })
    const id: string = created.body.user_id
    const res = await stack.call('DELETE', path(id))
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    expect((await stack.call('GET', path(id))).status).toBe(404)
    expect((await stack.call('DELETE', path(id))).status).toBe(404)
  })
})

describe('GET /users', () => {
  it('finds a created user by a lookup parameter', async () => {
    await stack.call('POST', '/users', { email: 'findme@example.com', password: PASSWORD })
    const res = await stack.call('GET', '/users?email=findme@example.com')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ total: 1, offset: 0, limit: 50 })
    expect(res.body.users.map((user: { email: string }) => user.email)).toEqual([
      'findme@example.com',
    ])
  })
})

describe('request log', () => {
  it('has one line per request: method, path without query, status and duration', async () => {
    await stack.call('GET', '/users?email=log*')
    const line = stack.logs.filter((entry) => entry.startsWith('GET /users ')).at(-1)
    expect(line).toMatch(
      /^GET \/users 200 \d+ms \{"method":"GET","path":"\/users","status":200,"ms":\d+\}$/,
    )
  })
})
