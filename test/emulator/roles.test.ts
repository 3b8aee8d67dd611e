import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createUser, getToken, startTenant, userPath, type TestTenant } from './helpers.js'

const API = 'https://reports.example/'
const perm = (permission_name: string, resource_server_identifier = API) => ({
  resource_server_identifier,
  permission_name,
})

let tenant: TestTenant
beforeAll(async () => {
  tenant = await startTenant({
    resourceServers: [
      {
        identifier: API,
        name: 'Reports',
        scopes: [
          { value: 'read:reports', description: 'Read reports' },
          { value: 'write:reports', description: 'Write reports' },
          { value: 'bare:scope' },
        ],
      },
    ],
  })
})
afterAll(() => tenant.stop())

function rawGet(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: tenant.port,
        path,
        headers: { authorization: `Bearer ${tenant.token}` },
      },
      (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => resolve(text))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

async function createRole(name: string, description?: string) {
  const res = await api(tenant, 'POST', '/roles', { body: { name, description } })
  expect(res.status).toBe(200)
  return res.body as { id: string; name: string }
}

describe('/roles', () => {
  it('creates with 200, omits an unset description, and GET answers it as ""', async () => {
    const res = await api(tenant, 'POST', '/roles', { body: { name: 'plain' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(Object.keys(res.body)).toEqual(['id', 'name'])
    expect(res.body.id).toMatch(/^rol_[A-Za-z0-9]{16}$/)
    const got = await api(tenant, 'GET', `/roles/${res.body.id}`)
    expect(got.text).toBe(`{"id":"${res.body.id}","name":"plain","description":""}`)
    await api(tenant, 'DELETE', `/roles/${res.body.id}`)
  })

  it('refuses a duplicate name with 409 and bad bodies with z-schema messages', async () => {
    const role = await createRole('dup', 'first')
    const again = await api(tenant, 'POST', '/roles', { body: { name: 'dup' } })
    expect(again.text).toBe(
      '{"statusCode":409,"error":"Conflict","message":"The role already exists."}',
    )
    expect((await api(tenant, 'POST', '/roles', { body: { description: 'x' } })).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: "Payload validation error: 'Missing required property: name'.",
      errorCode: 'invalid_body',
    })
    const raw = await api(tenant, 'POST', '/roles', {
      raw: '{"name":"y","__proto__":{"a":1}}',
      headers: { 'content-type': 'application/json' },
    })
    // `__proto__` is refused at parse (hapi's Bourne); other prototype names are data.
    expect(raw.body).toMatchObject({
      statusCode: 400,
      message: 'Invalid request payload JSON format',
    })
    const ctor = await api(tenant, 'POST', '/roles', { body: { name: 'y', constructor: 1 } })
    expect(ctor.body.message).toBe(
      "Payload validation error: 'Additional properties not allowed: constructor'.",
    )
    const other = await createRole('other')
    const rename = await api(tenant, 'PATCH', `/roles/${other.id}`, { body: { name: 'dup' } })
    expect(rename.status).toBe(409)
    await api(tenant, 'DELETE', `/roles/${role.id}`)
    await api(tenant, 'DELETE', `/roles/${other.id}`)
  })

  it('lists by name with paging, totals (array first, no length) and a case-insensitive name_filter', async () => {
    const made = []
    for (const name of ['Beta-list', 'alpha-list', 'gamma-list']) made.push(await createRole(name))
    const all = await api(tenant, 'GET', '/roles?name_filter=LIST')
    expect(all.body.map((r: { name: string }) => r.name)).toEqual([
      'Beta-list',
      'alpha-list',
      'gamma-list',
    ])
    const page = await api(
      tenant,
      'GET',
      '/roles?name_filter=list&per_page=2&page=1&include_totals=true',
    )
    expect(Object.keys(page.body)).toEqual(['roles', 'start', 'limit', 'total'])
    expect(page.body).toMatchObject({ start: 2, limit: 2, total: 3 })
    expect(page.body.roles).toEqual([{ id: made[2]!.id, name: 'gamma-list', description: '' }])
    const none = await api(
      tenant,
      'GET',
      '/roles?name_filter=nothing&include_totals=true&per_page=100',
    )
    expect(none.text).toBe('{"roles":[],"start":0,"limit":100,"total":0}')
    for (const role of made) await api(tenant, 'DELETE', `/roles/${role.id}`)
  })

  it('validates paging like Auth0: per_page 1–100 and the 1000-record cap', async () => {
    const zero = await api(tenant, 'GET', '/roles?per_page=0')
    expect(zero.body.message).toBe(
      "Query validation error: 'Value 0 is less than minimum 1' on property per_page (Number of results per page. Defaults to 50).",
    )
    expect((await api(tenant, 'GET', '/roles?per_page=101')).status).toBe(400)
    const cap = await api(tenant, 'GET', '/roles?page=10&per_page=100')
    expect(cap.body).toMatchObject({ statusCode: 400, errorCode: 'invalid_paging' })
    expect((await api(tenant, 'GET', '/roles?page=9&per_page=100')).status).toBe(200)
  })

  it('patches, then deletes with 200 {}; unknown ids answer the recorded 404', async () => {
    const role = await createRole('patchme')
    const patched = await api(tenant, 'PATCH', `/roles/${role.id}`, {
      body: { description: 'The Administrator' },
    })
    expect(patched.text).toBe(
      `{"id":"${role.id}","name":"patchme","description":"The Administrator"}`,
    )
    const deleted = await api(tenant, 'DELETE', `/roles/${role.id}`)
    expect([deleted.status, deleted.text]).toEqual([200, '{}'])
    const notFound = '{"statusCode":404,"error":"Not Found","message":"The role does not exist."}'
    expect((await api(tenant, 'DELETE', `/roles/${role.id}`)).text).toBe(notFound)
    expect((await api(tenant, 'GET', `/roles/${role.id}`)).text).toBe(notFound)
    expect((await api(tenant, 'GET', '/roles/constructor')).status).toBe(404)
    expect((await api(tenant, 'GET', '/roles/__proto__')).status).toBe(404)
  })

  it('refuses dot-segment ids', async () => {
    // fetch would resolve these as dot segments; node:http sends the path as written.
    for (const id of ['%2E', '%2e%2E', '..']) {
      const res = await rawGet(`/api/v2/roles/${id}/permissions`)
      expect(JSON.parse(res)).toMatchObject({ statusCode: 400, errorCode: 'invalid_uri' })
    }
  })
})

describe('/roles/{id}/permissions', () => {
  it('adds (201 {}), lists sorted with the scope description, removes (204)', async () => {
    const role = await createRole('perms')
    const path = `/roles/${role.id}/permissions`
    const added = await api(tenant, 'POST', path, {
      body: { permissions: [perm('write:reports'), perm('read:reports'), perm('bare:scope')] },
    })
    expect([added.status, added.text]).toEqual([201, '{}'])
    // Adding again is idempotent.
    expect(
      (await api(tenant, 'POST', path, { body: { permissions: [perm('read:reports')] } })).status,
    ).toBe(201)
    const listed = await api(tenant, 'GET', `${path}?include_totals=true`)
    expect(listed.text).toBe(
      JSON.stringify({
        permissions: [
          {
            permission_name: 'bare:scope',
            resource_server_name: 'Reports',
            resource_server_identifier: API,
          },
          {
            permission_name: 'read:reports',
            description: 'Read reports',
            resource_server_name: 'Reports',
            resource_server_identifier: API,
          },
          {
            permission_name: 'write:reports',
            description: 'Write reports',
            resource_server_name: 'Reports',
            resource_server_identifier: API,
          },
        ],
        start: 0,
        limit: 50,
        total: 3,
      }),
    )
    const removed = await api(tenant, 'DELETE', path, {
      body: { permissions: [perm('write:reports')] },
    })
    expect([removed.status, removed.text]).toEqual([204, ''])
    expect(removed.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect((await api(tenant, 'GET', path)).body).toHaveLength(2)
    await api(tenant, 'DELETE', `/roles/${role.id}`)
  })

  it('refuses permissions the API does not define, unknown APIs, empty lists and unknown roles', async () => {
    const role = await createRole('perm-errors')
    const path = `/roles/${role.id}/permissions`
    const unknownPerm = await api(tenant, 'POST', path, {
      body: { permissions: [perm('delete:reports')] },
    })
    expect(unknownPerm.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: `Permission 'delete:reports' does not exist on resource server '${API}'`,
      errorCode: 'invalid_body',
    })
    const unknownApi = await api(tenant, 'POST', path, {
      body: { permissions: [perm('read:reports', 'https://nowhere.example/')] },
    })
    expect(unknownApi.text).toBe(
      `{"statusCode":404,"error":"Not Found","message":"The resource server does not exist: 'https://nowhere.example/'"}`,
    )
    const empty = await api(tenant, 'POST', path, { body: { permissions: [] } })
    expect(empty.body.message).toBe(
      "Payload validation error: 'Array is too short (0), minimum 1' on property permissions (List of permissions to add to this role).",
    )
    const extraKey = await api(tenant, 'POST', path, {
      body: { permissions: [{ ...perm('read:reports'), extra: 1 }] },
    })
    expect(extraKey.body.message).toBe(
      "Payload validation error: 'Additional properties not allowed: extra'.",
    )
    // Nothing was added by the refused requests.
    expect((await api(tenant, 'GET', path)).body).toEqual([])
    expect((await api(tenant, 'GET', '/roles/rol_missing/permissions')).status).toBe(404)
    await api(tenant, 'DELETE', `/roles/${role.id}`)
  })

  it('takes Management API permissions too (the system API)', async () => {
    const role = await createRole('mgmt')
    const res = await api(tenant, 'POST', `/roles/${role.id}/permissions`, {
      body: { permissions: [perm('read:users', tenant.audience)] },
    })
    expect(res.status).toBe(201)
    const [listed] = (await api(tenant, 'GET', `/roles/${role.id}/permissions`)).body
    expect(listed).toEqual({
      permission_name: 'read:users',
      description: 'Read Users',
      resource_server_name: 'Auth0 Management API',
      resource_server_identifier: tenant.audience,
    })
    await api(tenant, 'DELETE', `/roles/${role.id}`)
  })
})

describe('/roles/{id}/users and /users/{id}/roles', () => {
  it('assigns users in one POST (200 {}), lists them offset and checkpoint, as recorded', async () => {
    const role = await createRole('members')
    const users = []
    for (let i = 0; i < 3; i++)
      users.push(await createUser(tenant, { email: `member${i}@example.com` }))
    const ids = users.map((u) => u.user_id as string)
    const post = await api(tenant, 'POST', `/roles/${role.id}/users`, { body: { users: ids } })
    expect([post.status, post.text]).toEqual([200, '{}'])
    const sorted = [...ids].sort()

    const offset = await api(tenant, 'GET', `/roles/${role.id}/users?include_totals=true`)
    expect(Object.keys(offset.body)).toEqual(['users', 'start', 'limit', 'total'])
    expect(offset.body.total).toBe(3)
    const first = users.find((u) => u.user_id === sorted[0])!
    expect(offset.body.users[0]).toEqual({
      user_id: first.user_id,
      email: first.email,
      picture: first.picture,
      name: first.name,
    })

    const page1 = await api(
      tenant,
      'GET',
      `/roles/${role.id}/users?take=2&include_totals=true&per_page=50`,
    )
    expect(Object.keys(page1.body)).toEqual(['users', 'next'])
    expect(page1.body.users.map((u: { user_id: string }) => u.user_id)).toEqual(sorted.slice(0, 2))
    const cursor = Buffer.from(page1.body.next, 'base64').toString()
    expect(cursor).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}UTC,auth0\|/)
    expect(cursor.endsWith(`,${sorted[1]}`)).toBe(true)
    const page2 = await api(
      tenant,
      'GET',
      `/roles/${role.id}/users?take=2&from=${encodeURIComponent(page1.body.next)}`,
    )
    expect(page2.body).toEqual({ users: [expect.objectContaining({ user_id: sorted[2] })] })
    const bad = await api(tenant, 'GET', `/roles/${role.id}/users?take=2&from=%25%25`)
    expect(bad.body).toMatchObject({ statusCode: 400, errorCode: 'invalid_query_string' })

    // The user side: GET /users/{id}/roles, then DELETE it (204).
    const mine = await api(tenant, 'GET', `${userPath(ids[0]!)}/roles?include_totals=true`)
    expect(mine.text).toBe(
      `{"roles":[{"id":"${role.id}","name":"members","description":""}],"start":0,"limit":50,"total":1}`,
    )
    const removed = await api(tenant, 'DELETE', `${userPath(ids[0]!)}/roles`, {
      body: { roles: [role.id] },
    })
    expect(removed.status).toBe(204)
    expect((await api(tenant, 'GET', `${userPath(ids[0]!)}/roles?include_totals=true`)).text).toBe(
      '{"roles":[],"start":0,"limit":50,"total":0}',
    )
    // Deleting the role unassigns it from everyone; deleting a user drops its assignments.
    await api(tenant, 'DELETE', `/roles/${role.id}`)
    expect((await api(tenant, 'GET', `${userPath(ids[1]!)}/roles`)).body).toEqual([])
    for (const id of ids) await api(tenant, 'DELETE', userPath(id))
  })

  it('refuses unknown users (all or nothing), unknown roles, and batches over 1000', async () => {
    const role = await createRole('refusals')
    const user = await createUser(tenant, { email: 'refusals@example.com' })
    const unknown = await api(tenant, 'POST', `/roles/${role.id}/users`, {
      body: { users: [user.user_id, 'auth0|nobody'] },
    })
    expect(unknown.body).toMatchObject({ statusCode: 404, errorCode: 'inexistent_user' })
    expect((await api(tenant, 'GET', `/roles/${role.id}/users`)).body).toEqual([])
    const many = Array.from({ length: 1001 }, (_, i) => `auth0|${i}`)
    const tooMany = await api(tenant, 'POST', `/roles/${role.id}/users`, { body: { users: many } })
    expect(tooMany.body.message).toBe(
      "Payload validation error: 'Array is too long (1001), maximum 1000' on property users (array of user IDs to assign to the role).",
    )
    const badRole = await api(tenant, 'POST', `${userPath(user.user_id)}/roles`, {
      body: { roles: [role.id, 'rol_nope'] },
    })
    expect(badRole.text).toBe(
      '{"statusCode":404,"error":"Not Found","message":"The role does not exist."}',
    )
    const noUser = await api(tenant, 'POST', `${userPath('auth0|ghost')}/roles`, {
      body: { roles: [role.id] },
    })
    expect(noUser.body).toMatchObject({ statusCode: 404, message: 'The user does not exist.' })
    const empty = await api(tenant, 'POST', `${userPath(user.user_id)}/roles`, {
      body: { roles: [] },
    })
    expect(empty.status).toBe(400)
    const assigned = await api(tenant, 'POST', `${userPath(user.user_id)}/roles`, {
      body: { roles: [role.id] },
    })
    expect([assigned.status, assigned.text]).toEqual([204, ''])
    expect((await api(tenant, 'GET', `/roles/${role.id}/users`)).body).toHaveLength(1)
    await api(tenant, 'DELETE', userPath(user.user_id))
    expect((await api(tenant, 'GET', `/roles/${role.id}/users`)).body).toEqual([])
    await api(tenant, 'DELETE', `/roles/${role.id}`)
  })

  it('caps a user at 50 roles', async () => {
    const user = await createUser(tenant, { email: 'fifty@example.com' })
    const roles = []
    for (let i = 0; i < 51; i++)
      roles.push((await createRole(`cap-${String(i).padStart(2, '0')}`)).id)
    const ok = await api(tenant, 'POST', `${userPath(user.user_id)}/roles`, {
      body: { roles: roles.slice(0, 50) },
    })
    expect(ok.status).toBe(204)
    const over = await api(tenant, 'POST', `${userPath(user.user_id)}/roles`, {
      body: { roles: [roles[50]] },
    })
    expect(over.body).toMatchObject({
      statusCode: 400,
      message: 'A user can have at most 50 roles.',
    })
    const page = await api(
      tenant,
      'GET',
      `${userPath(user.user_id)}/roles?per_page=100&include_totals=true`,
    )
    expect(page.body.total).toBe(50)
    for (const id of roles) await api(tenant, 'DELETE', `/roles/${id}`)
    await api(tenant, 'DELETE', userPath(user.user_id))
  })
})

describe('/users/{id}/permissions', () => {
  it('lists direct and role permissions with their sources; adds 201 and removes 204 direct ones', async () => {
    const user = await createUser(tenant, { email: 'perms@example.com' })
    const path = `${userPath(user.user_id)}/permissions`
    const role = await createRole('readers')
    await api(tenant, 'POST', `/roles/${role.id}/permissions`, {
      body: { permissions: [perm('read:reports')] },
    })
    await api(tenant, 'POST', `${userPath(user.user_id)}/roles`, { body: { roles: [role.id] } })
    const added = await api(tenant, 'POST', path, {
      body: { permissions: [perm('read:reports'), perm('write:reports')] },
    })
    expect([added.status, added.text]).toEqual([201, '{}'])
    const listed = await api(tenant, 'GET', `${path}?include_totals=true`)
    expect(listed.body).toEqual({
      permissions: [
        {
          permission_name: 'read:reports',
          description: 'Read reports',
          resource_server_name: 'Reports',
          resource_server_identifier: API,
          sources: [
            { source_id: '', source_name: '', source_type: 'DIRECT' },
            { source_id: role.id, source_name: 'readers', source_type: 'ROLE' },
          ],
        },
        {
          permission_name: 'write:reports',
          description: 'Write reports',
          resource_server_name: 'Reports',
          resource_server_identifier: API,
          sources: [{ source_id: '', source_name: '', source_type: 'DIRECT' }],
        },
      ],
      start: 0,
      limit: 50,
      total: 2,
    })
    const removed = await api(tenant, 'DELETE', path, {
      body: { permissions: [perm('read:reports')] },
    })
    expect(removed.status).toBe(204)
    // read:reports stays through the role.
    const after = (await api(tenant, 'GET', path)).body
    expect(
      after.map((p: { permission_name: string; sources: unknown[] }) => [
        p.permission_name,
        p.sources.length,
      ]),
    ).toEqual([
      ['read:reports', 1],
      ['write:reports', 1],
    ])
    const unknown = await api(tenant, 'POST', path, { body: { permissions: [perm('nope')] } })
    expect(unknown.status).toBe(400)
    expect((await api(tenant, 'GET', `${userPath('auth0|ghost')}/permissions`)).status).toBe(404)
    await api(tenant, 'DELETE', `/roles/${role.id}`)
    await api(tenant, 'DELETE', userPath(user.user_id))
  })
})

describe('scopes', () => {
  it("answers Auth0's 403s: any-of for writes, all-of for a role's users and a user's roles", async () => {
    const narrow = await startTenant({
      clients: [
        { clientId: 'narrow', clientSecret: 'narrow-secret', scopes: ['read:users', 'read:roles'] },
      ],
    })
    try {
      const token = await getToken(narrow, 'narrow', 'narrow-secret')
      const as = { ...narrow, token } as TestTenant
      expect((await api(as, 'GET', '/roles')).status).toBe(200)
      expect((await api(as, 'POST', '/roles', { body: { name: 'x' } })).body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'Insufficient scope, expected any of: create:roles',
        errorCode: 'insufficient_scope',
      })
      expect((await api(as, 'GET', '/roles/rol_x/users')).status).toBe(404)
      const user = await createUser(narrow, { email: 'scoped@example.com' })
      expect((await api(as, 'GET', `${userPath(user.user_id)}/roles`)).body.message).toBe(
        'Insufficient scope, expected all of: read:users,read:roles,read:role_members',
      )
      expect(
        (await api(as, 'POST', `${userPath(user.user_id)}/roles`, { body: { roles: ['rol_x'] } }))
          .body.message,
      ).toBe('Insufficient scope, expected any of: update:users,create:role_members')
      expect((await api(as, 'GET', '/resource-servers')).body.message).toBe(
        'Insufficient scope, expected any of: read:resource_servers',
      )
    } finally {
      await narrow.stop()
    }
  })

  it('gives the default client every RBAC scope', async () => {
    const payload = JSON.parse(Buffer.from(tenant.token.split('.')[1]!, 'base64url').toString())
    for (const scope of [
      'read:roles',
      'create:role_members',
      'delete:resource_servers',
      'update:client_grants',
    ]) {
      expect(payload.scope.split(' ')).toContain(scope)
    }
  })
})
