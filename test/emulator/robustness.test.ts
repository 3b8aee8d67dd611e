import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createUser, startTenant, userPath, type TestTenant } from './helpers.js'

let tenant: TestTenant

beforeAll(async () => {
  tenant = await startTenant()
})
afterAll(() => tenant.stop())

const json = { 'content-type': 'application/json' }

/** Writes raw bytes on a fresh socket and returns whatever comes back before it closes. */
function rawExchange(bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(tenant.port, '127.0.0.1', () => socket.end(bytes))
    let answer = ''
    socket.on('data', (chunk) => (answer += chunk.toString()))
    socket.on('close', () => resolve(answer))
    socket.on('error', () => resolve(answer))
  })
}

describe('bad input', () => {
  it('answers every malformed request in Auth0 shape and keeps serving', async () => {
    const user = await createUser(tenant, { email: 'still-here@example.com' })
    const cases: [Promise<{ status: number; body: unknown }>, number, unknown][] = [
      [
        api(tenant, 'POST', '/users', { raw: '{"connection": ', headers: json }),
        400,
        { statusCode: 400, error: 'Bad Request', message: 'Invalid request payload JSON format' },
      ],
      [
        api(tenant, 'PATCH', userPath(user.user_id), { raw: 'not json', headers: json }),
        400,
        { statusCode: 400, error: 'Bad Request', message: 'Invalid request payload JSON format' },
      ],
      [
        api(tenant, 'POST', '/users', { raw: 'hello', headers: { 'content-type': 'text/plain' } }),
        415,
        { statusCode: 415, error: 'Unsupported Media Type', message: 'Unsupported Media Type' },
      ],
      [
        api(tenant, 'POST', '/users', {
          raw: JSON.stringify({ connection: 'x'.repeat(1024 * 1024) }),
          headers: json,
        }),
        413,
        {
          statusCode: 413,
          error: 'Request Entity Too Large',
          message: 'Payload content length greater than maximum allowed: 1048576',
        },
      ],
      [
        api(tenant, 'POST', '/users', { raw: '', headers: json }),
        400,
        {
          statusCode: 400,
          error: 'Bad Request',
          message: "Payload validation error: 'Expected type object but found type null'.",
          errorCode: 'invalid_body',
        },
      ],
      [
        api(tenant, 'POST', '/users', { raw: '"just a string"', headers: json }),
        400,
        {
          statusCode: 400,
          error: 'Bad Request',
          message: "Payload validation error: 'Expected type object but found type string'.",
          errorCode: 'invalid_body',
        },
      ],
      [
        api(tenant, 'PATCH', userPath(user.user_id), { body: { identities: [] } }),
        400,
        {
          statusCode: 400,
          error: 'Bad Request',
          message: "Payload validation error: 'Additional properties not allowed: identities'.",
          errorCode: 'invalid_body',
        },
      ],
      [
        api(tenant, 'PATCH', userPath(user.user_id), { body: { user_metadata: nested(200) } }),
        400,
        {
          statusCode: 400,
          error: 'Bad Request',
          message: "Payload validation error: 'Maximum nesting depth of 64 exceeded'.",
          errorCode: 'invalid_body',
        },
      ],
      [
        api(tenant, 'GET', '/users/%E0%A4%A'),
        400,
        { statusCode: 400, error: 'Bad Request', message: 'Invalid request path encoding' },
      ],
      [
        api(tenant, 'GET', `/users/${'x'.repeat(5000)}`),
        404,
        {
          statusCode: 404,
          error: 'Not Found',
          message: 'The user does not exist.',
          errorCode: 'inexistent_user',
        },
      ],
      [api(tenant, 'GET', '/users?page=abc'), 400, undefined],
      [api(tenant, 'GET', '/users?per_page=1e999'), 400, undefined],
      [api(tenant, 'GET', '/users?include_totals=maybe'), 400, undefined],
      [api(tenant, 'GET', `/users?q=${encodeURIComponent('(((')}`), 400, undefined],
      [
        api(tenant, 'GET', `/users?q=${'a'.repeat(20_000)}`),
        414,
        { statusCode: 414, error: 'Request-URI Too Large', message: 'Request-URI Too Large' },
      ],
      [
        api(tenant, 'GET', '/nothing-here'),
        404,
        { statusCode: 404, error: 'Not Found', message: 'Not Found' },
      ],
      [
        api(tenant, 'PUT', '/users'),
        404,
        { statusCode: 404, error: 'Not Found', message: 'Not Found' },
      ],
      [
        api(tenant, 'GET', '/users', { headers: { authorization: 'Bearer' }, token: null }),
        401,
        undefined,
      ],
      [
        api(tenant, 'GET', '/users', {
          headers: { authorization: 'Basic Zm9vOmJhcg==' },
          token: null,
        }),
        401,
        undefined,
      ],
      [api(tenant, 'GET', '/users', { token: 'a.b.c' }), 401, undefined],
      [api(tenant, 'POST', '/jobs/users-exports', { body: { format: 'xml' } }), 400, undefined],
      [
        api(tenant, 'GET', '/jobs/job_nope'),
        404,
        {
          statusCode: 404,
          error: 'Not Found',
          message: 'Job not found.',
          errorCode: 'inexistent_job',
        },
      ],
    ]
    for (const [promise, status, body] of cases) {
      const res = await promise
      expect(res.status).toBe(status)
      if (body !== undefined) expect(res.body).toEqual(body)
      else
        expect(res.body).toMatchObject({
          statusCode: status,
          error: expect.any(String),
          message: expect.any(String),
        })
    }
    const token = await fetch(`${tenant.domain}/oauth/token`, {
      method: 'POST',
      headers: json,
      body: '{nope',
    })
    expect(token.status).toBe(400)
    expect(await token.json()).toEqual({
      error: 'invalid_request',
      error_description: 'Invalid request payload JSON format',
    })

    // Garbage on the wire and a client that hangs up mid-body.
    expect(await rawExchange('THIS IS NOT HTTP\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/)
    await rawExchange(
      `POST /api/v2/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${tenant.token}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"conn`,
    )

    const after = await api(tenant, 'GET', userPath(user.user_id))
    expect(after.status).toBe(200)
    expect(after.body.email).toBe('still-here@example.com')
  })
})

function nested(depth: number): unknown {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i++) value = { a: value }
  return value
}
