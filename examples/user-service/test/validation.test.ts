import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD, startStack, type Stack } from './stack.js'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(() => stack.stop())

const ID = '/users/auth0%7C0123456789abcdef01234567'

/** Asserts a 400 (or `status`) whose message matches, and returns the body. */
async function refused(
  method: string,
  path: string,
  body: unknown,
  message: RegExp,
  status = 400,
): Promise<Record<string, unknown>> {
  const res = await stack.call(method, path, body)
  expect(res.status, res.text).toBe(status)
  expect(res.body.statusCode).toBe(status)
  expect(res.body.message).toMatch(message)
  return res.body
}

describe('JSON bodies', () => {
  it('refuses a body that is not JSON, without quoting it back', async () => {
    const body = await refused(
      'POST',
      '/users',
      '{"email": "a@b.co", password: hunter2',
      /not valid JSON/,
    )
    expect(JSON.stringify(body)).not.toContain('hunter2')
  })

  it('refuses a body that is not an object, an empty body, another content type and a huge body', async () => {
    await refused('POST', '/users', [], /JSON object/)
    await refused('PATCH', ID, '', /needs a JSON object/)
    const text = await stack.call('POST', '/users', 'email=a', { 'content-type': 'text/plain' })
    expect(text.status).toBe(415)
    await refused(
      'POST',
      '/users',
      { email: 'a@b.co', name: 'x'.repeat(70_000) },
      /larger than/,
      413,
    )
  })
})

describe('POST /users fields', () => {
  it('lists every problem at once, naming fields and never values', async () => {
    const body = await refused(
      'POST',
      '/users',
      {
        email: 'not-an-email',
        verify_email: 'yes',
        user_id: 'auth0|x',
        connection: 'other',
        nickname: '',
      },
      /'password' is required/,
    )
    expect(body.problems).toEqual([
      "'password' is required",
      "'email' must be an e-mail address",
      "'verify_email' must be true or false",
      expect.stringMatching(/^'user_id' is not a field you can set \(allowed: email, password/),
      expect.stringMatching(/^'connection' is not a field you can set/),
      "'nickname' must be a string of 1 to 300 characters",
    ])
    expect(JSON.stringify(body)).not.toContain('not-an-email')
  })

  it('refuses null on create and wrong shapes for metadata, phone and picture', async () => {
    const body = await refused(
      'POST',
      '/users',
      {
        email: 'a@b.co',
        password: PASSWORD,
        given_name: null,
        user_metadata: [1],
        phone_number: '555-1234',
        picture: 'javascript:alert(1)',
      },
      /cannot be null/,
    )
    expect(body.problems).toEqual([
      "'given_name' cannot be null",
      "'user_metadata' must be a JSON object, at most 10 levels deep, without '__proto__' keys",
      "'phone_number' must be an E.164 phone number such as +14155550123",
      "'picture' must be an http(s) URL",
    ])
  })

  it("passes Auth0's own 400 on, e.g. its password policy", async () => {
    const body = await refused(
      'POST',
      '/users',
      { email: 'weak@b.co', password: 'weak' },
      /Password/i,
    )
    expect(JSON.stringify(body)).not.toContain('"weak"')
  })
})

describe('PATCH /users/:id fields', () => {
  it('needs at least one field and refuses null where Auth0 cannot clear', async () => {
    await refused('PATCH', ID, {}, /at least one field/)
    await refused(
      'PATCH',
      ID,
      { email: null, username: null },
      /'email' cannot be null; 'username' cannot be null/,
    )
  })

  it('validates before looking the user up (400, not 404)', async () => {
    await refused('PATCH', ID, { logins_count: 3 }, /'logins_count' is not a field you can set/)
  })
})

describe('ids and routes', () => {
  it('refuses a malformed id or a broken percent-encoding', async () => {
    await refused('GET', '/users/not-an-id', undefined, /provider\|id/)
    await refused('DELETE', '/users/auth0%7C', undefined, /provider\|id/)
    await refused('GET', '/users/auth0%7C%E0%A4%A', undefined, /percent-encoding/)
  })

  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    await refused('GET', '/nope', undefined, /No route/, 404)
    await refused('GET', '/users/auth0%7Cabc/roles', undefined, /No route/, 404)
    const res = await stack.call('PUT', ID, { email: 'a@b.co' })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET, PATCH, DELETE')
  })
})

describe('GET /users parameters', () => {
  it('checks paging bounds and styles', async () => {
    for (const [query, message] of [
      ['per_page=0', /'per_page' must be an integer from 1 to 100/],
      ['per_page=101', /'per_page' must be an integer from 1 to 100/],
      ['page=-1', /'page' must be an integer from 0 to 1000/],
      ['page=1.5', /'page' must be an integer/],
      ['limit=ten', /'limit' must be an integer from 1 to 100/],
      ['offset=5&page=1', /page\/per_page or with offset\/limit, not both/],
      ['page=1&page=2', /Give 'page' once/],
    ] as const) {
      await refused('GET', `/users?${query}`, undefined, message)
    }
  })

  it("answers the library's InvalidLookup and InvalidArgument as 400s", async () => {
    await refused(
      'GET',
      '/users?pagee=1',
      undefined,
      /Invalid lookup "pagee": "pagee" is not a field Auth0 can search/,
    )
    await refused('GET', '/users?name__contains=jo', undefined, /use a wildcard value/)
    await refused('GET', '/users?user_metadata.team__gt=a', undefined, /ranges on user_metadata/)
    await refused('GET', '/users?blocked=maybe', undefined, /'blocked' must be true or false/)
    await refused('GET', '/users?q=', undefined, /'q' is empty/)
    await refused('GET', '/users?__proto__=x', undefined, /Invalid lookup "__proto__"/)
    await refused('GET', '/users?sort=user_metadata.team', undefined, /cannot sort by metadata/)
    await refused('GET', '/users?fields=email,,name', undefined, /comma-separated/)
  })

  it('refuses lucene it cannot parse itself, before Auth0 sees it', async () => {
    const body = await refused(
      'GET',
      `/users?q=${encodeURIComponent('email:(')}`,
      undefined,
      /'q' is not a lucene query/,
    )
    expect(body).not.toHaveProperty('errorCode')
  })

  it('sends nothing to Auth0 for a request it refuses', async () => {
    const before = stack.logs.filter((line) => line.startsWith('auth0plus http request')).length
    await refused('GET', '/users?per_page=500', undefined, /per_page/)
    await refused('POST', '/users', { email: 'x' }, /required/)
    const after = stack.logs.filter((line) => line.startsWith('auth0plus http request')).length
    expect(after).toBe(before)
  })
})
