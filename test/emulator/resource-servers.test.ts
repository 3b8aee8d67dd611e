import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createUser, getToken, startTenant, userPath, type TestTenant } from './helpers.js'

const perm = (permission_name: string, resource_server_identifier: string) => ({
  resource_server_identifier,
  permission_name,
})

let tenant: TestTenant
beforeAll(async () => {
  tenant = await startTenant({
    clients: [{ clientId: 'worker', clientSecret: 'worker-secret', scopes: ['read:users'] }],
  })
})
afterAll(() => tenant.stop())

describe('/resource-servers', () => {
  it("creates with Auth0's defaults (201), in the recorded key order", async () => {
    const identifier = 'https://uat.api.example/TestAccResourceServer'
    const res = await api(tenant, 'POST', '/resource-servers', { body: { identifier } })
    expect(res.status).toBe(201)
    expect(res.body.id).toMatch(/^[0-9a-f]{24}$/)
    expect(res.text).toBe(
      `{"id":"${res.body.id}","identifier":"${identifier}","allow_offline_access":false,"skip_consent_for_verifiable_first_party_clients":false,"subject_type_authorization":{"client":{"policy":"require_client_grant"},"user":{"policy":"allow_all"}},"token_lifetime":86400,"token_lifetime_for_web":7200,"signing_alg":"RS256"}`,
    )
    const dup = await api(tenant, 'POST', '/resource-servers', { body: { identifier } })
    expect(dup.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'A resource server with the same identifier already exists.',
    })
    expect((await api(tenant, 'DELETE', `/resource-servers/${res.body.id}`)).status).toBe(204)
  })

  it('is found by id or URL-encoded identifier; PATCH answers 200; unknown ids 404, deletes 204', async () => {
    const identifier = 'https://example.com/'
    const created = (
      await api(tenant, 'POST', '/resource-servers', {
        body: { identifier, name: 'Example', signing_alg: 'HS256' },
      })
    ).body
    expect(created.signing_secret).toMatch(/^[A-Za-z0-9]{32}$/)
    const byIdentifier = await api(
      tenant,
      'GET',
      `/resource-servers/${encodeURIComponent(identifier)}`,
    )
    expect(byIdentifier.body).toEqual(created)
    const patched = await api(
      tenant,
      'PATCH',
      `/resource-servers/${encodeURIComponent(identifier)}`,
      {
        body: {
          enforce_policies: true,
          token_dialect: 'access_token_authz',
          token_encryption: null,
        },
      },
    )
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({
      id: created.id,
      enforce_policies: true,
      token_dialect: 'access_token_authz',
    })
    const immutable = await api(tenant, 'PATCH', `/resource-servers/${created.id}`, {
      body: { identifier: 'x' },
    })
    expect(immutable.body.message).toBe(
      "Payload validation error: 'Additional properties not allowed: identifier'.",
    )
    const badName = await api(tenant, 'POST', '/resource-servers', {
      body: { identifier: 'https://b/', name: '<b>' },
    })
    expect(badName.body).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' })
    expect((await api(tenant, 'DELETE', `/resource-servers/${created.id}`)).status).toBe(204)
    expect((await api(tenant, 'GET', `/resource-servers/${created.id}`)).text).toBe(
      '{"statusCode":404,"error":"Not Found","message":"The resource server does not exist","errorCode":"inexistent_resource_server"}',
    )
    expect((await api(tenant, 'DELETE', `/resource-servers/${created.id}`)).status).toBe(204)
    expect((await api(tenant, 'GET', '/resource-servers/__proto__')).status).toBe(404)
  })

  it('lists the Management API first as a system API that refuses writes', async () => {
    const api1 = (
      await api(tenant, 'POST', '/resource-servers', { body: { identifier: 'https://one/' } })
    ).body
    const list = await api(tenant, 'GET', '/resource-servers?include_totals=true')
    expect(Object.keys(list.body)).toEqual(['total', 'start', 'limit', 'resource_servers'])
    expect(list.body).toMatchObject({ total: 2, start: 0, limit: 50 })
    const [system, mine] = list.body.resource_servers
    expect(system).toMatchObject({
      name: 'Auth0 Management API',
      identifier: tenant.audience,
      is_system: true,
    })
    expect(system.scopes).toContainEqual({ value: 'read:roles', description: 'Read Roles' })
    expect(mine).toEqual(api1)
    const projected = await api(
      tenant,
      'GET',
      '/resource-servers?fields=id,identifier&include_fields=true&identifiers=https%3A%2F%2Fone%2F',
    )
    expect(projected.body).toEqual([{ id: api1.id, identifier: 'https://one/' }])
    const refused = await api(tenant, 'PATCH', `/resource-servers/${system.id}`, {
      body: { name: 'x' },
    })
    expect(refused.body).toMatchObject({ statusCode: 400, errorCode: 'operation_not_supported' })
    expect(
      (await api(tenant, 'DELETE', `/resource-servers/${encodeURIComponent(tenant.audience)}`))
        .status,
    ).toBe(400)
    await api(tenant, 'DELETE', `/resource-servers/${api1.id}`)
  })

  it('drops role and user permissions when a scope or the whole API goes away', async () => {
    const identifier = 'https://cascade/'
    await api(tenant, 'POST', '/resource-servers', {
      body: { identifier, scopes: [{ value: 'a' }, { value: 'b' }] },
    })
    const role = (await api(tenant, 'POST', '/roles', { body: { name: 'cascade' } })).body
    const user = await createUser(tenant, { email: 'cascade@example.com' })
    await api(tenant, 'POST', `/roles/${role.id}/permissions`, {
      body: { permissions: [perm('a', identifier), perm('b', identifier)] },
    })
    await api(tenant, 'POST', `${userPath(user.user_id)}/permissions`, {
      body: { permissions: [perm('a', identifier), perm('b', identifier)] },
    })
    // PATCH scopes replaces the list: `b` disappears from the role and the user.
    await api(tenant, 'PATCH', `/resource-servers/${encodeURIComponent(identifier)}`, {
      body: { scopes: [{ value: 'a' }] },
    })
    const names = async (path: string) =>
      (await api(tenant, 'GET', path)).body.map(
        (p: { permission_name: string }) => p.permission_name,
      )
    expect(await names(`/roles/${role.id}/permissions`)).toEqual(['a'])
    expect(await names(`${userPath(user.user_id)}/permissions`)).toEqual(['a'])
    // A grant for the API goes with it too.
    const grant = await api(tenant, 'POST', '/client-grants', {
      body: { client_id: 'worker', audience: identifier, scope: ['a'] },
    })
    expect(grant.status).toBe(201)
    await api(tenant, 'DELETE', `/resource-servers/${encodeURIComponent(identifier)}`)
    expect(await names(`/roles/${role.id}/permissions`)).toEqual([])
    expect(await names(`${userPath(user.user_id)}/permissions`)).toEqual([])
    expect((await api(tenant, 'GET', `/client-grants/${grant.body.id}`)).status).toBe(404)
    await api(tenant, 'DELETE', `/roles/${role.id}`)
    await api(tenant, 'DELETE', userPath(user.user_id))
  })
})

describe('/client-grants', () => {
  it('lists the Management API grants of the configured clients', async () => {
    const list = await api(
      tenant,
      'GET',
      `/client-grants?audience=${encodeURIComponent(tenant.audience)}`,
    )
    const byClient = Object.fromEntries(
      list.body.map((g: { client_id: string }) => [g.client_id, g]),
    )
    expect(byClient.worker).toMatchObject({ audience: tenant.audience, scope: ['read:users'] })
    expect(byClient[tenant.clientId].scope).toContain('create:role_members')
    const again = await api(tenant, 'POST', '/client-grants', {
      body: { client_id: 'worker', audience: tenant.audience, scope: [] },
    })
    expect(again.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: `A client grant already exists between worker and ${tenant.audience}`,
    })
    const patch = await api(tenant, 'PATCH', `/client-grants/${byClient.worker.id}`, {
      body: { scope: [] },
    })
    expect(patch.body).toMatchObject({ statusCode: 400, errorCode: 'operation_not_supported' })
  })

  it('creates (201, as recorded), reads, patches, pages by checkpoint and deletes (204, also unknown)', async () => {
    const audience = 'https://api.example.com/'
    await api(tenant, 'POST', '/resource-servers', {
      body: { identifier: audience, scopes: [{ value: 'create:resource' }] },
    })
    const body = {
      client_id: 'worker',
      audience,
      scope: ['create:resource'],
      subject_type: 'user',
      authorization_details_types: ['payment', 'shipping'],
    }
    const created = await api(tenant, 'POST', '/client-grants', { body })
    expect(created.status).toBe(201)
    expect(created.text).toBe(JSON.stringify({ id: created.body.id, ...body }))
    expect(created.body.id).toMatch(/^cgr_[A-Za-z0-9]{16}$/)
    // Another subject type for the same pair is allowed, the same one is not.
    const clientGrant = await api(tenant, 'POST', '/client-grants', {
      body: { client_id: 'worker', audience, scope: [] },
    })
    expect(clientGrant.status).toBe(201)
    expect((await api(tenant, 'POST', '/client-grants', { body })).status).toBe(409)

    const patched = await api(tenant, 'PATCH', `/client-grants/${created.body.id}`, {
      body: { scope: [], allow_any_organization: true },
    })
    expect(patched.body).toMatchObject({ scope: [], allow_any_organization: true })
    const audienceChange = await api(tenant, 'PATCH', `/client-grants/${created.body.id}`, {
      body: { audience: 'x' },
    })
    expect(audienceChange.status).toBe(400)

    const page1 = await api(tenant, 'GET', '/client-grants?take=2')
    expect(page1.body.client_grants).toHaveLength(2)
    const rest = await api(
      tenant,
      'GET',
      `/client-grants?take=100&from=${encodeURIComponent(page1.body.next)}`,
    )
    expect(rest.body.next).toBeUndefined()
    const all = (await api(tenant, 'GET', '/client-grants?per_page=100')).body
    expect([...page1.body.client_grants, ...rest.body.client_grants]).toEqual(all)

    const filtered = await api(
      tenant,
      'GET',
      `/client-grants?audience=${encodeURIComponent(audience)}&subject_type=user&include_totals=true`,
    )
    expect(filtered.body).toMatchObject({ total: 1, start: 0, limit: 50 })
    expect(Object.keys(filtered.body)).toEqual(['total', 'start', 'limit', 'client_grants'])

    expect((await api(tenant, 'DELETE', `/client-grants/${created.body.id}`)).status).toBe(204)
    expect((await api(tenant, 'DELETE', `/client-grants/${created.body.id}`)).status).toBe(204)
    expect((await api(tenant, 'GET', `/client-grants/${created.body.id}`)).text).toBe(
      '{"statusCode":404,"error":"Not Found","message":"The grant does not exist.","errorCode":"inexistent_client_grant"}',
    )
    await api(tenant, 'DELETE', `/resource-servers/${encodeURIComponent(audience)}`)
  })

  it('refuses unknown clients and audiences', async () => {
    const noClient = await api(tenant, 'POST', '/client-grants', {
      body: { client_id: 'nobody', audience: tenant.audience },
    })
    expect(noClient.body).toMatchObject({ statusCode: 404, message: 'Client not found' })
    const noApi = await api(tenant, 'POST', '/client-grants', {
      body: { client_id: 'worker', audience: 'https://nope/' },
    })
    expect(noApi.body).toMatchObject({
      statusCode: 404,
      message: 'No resource with identifier https://nope/',
    })
  })

  it('needs the client grant scopes', async () => {
    const token = await getToken(tenant, 'worker', 'worker-secret')
    const res = await api({ ...tenant, token } as TestTenant, 'GET', '/client-grants')
    expect(res.body.message).toBe('Insufficient scope, expected any of: read:client_grants')
  })
})

describe('seeds', () => {
  it('creates seeded client grants to seeded APIs, and refuses grants to unknown APIs', async () => {
    const seeded = await startTenant({
      clients: [{ clientId: 'svc', clientSecret: 'svc-secret' }],
      resourceServers: [{ identifier: 'https://seeded/', scopes: [{ value: 'x' }] }],
      clientGrants: [{ client_id: 'svc', audience: 'https://seeded/', scope: ['x'] }],
    })
    try {
      const grants = await api(seeded, 'GET', '/client-grants?audience=https%3A%2F%2Fseeded%2F')
      expect(grants.body).toEqual([
        {
          id: expect.stringMatching(/^cgr_/),
          client_id: 'svc',
          audience: 'https://seeded/',
          scope: ['x'],
        },
      ])
    } finally {
      await seeded.stop()
    }
    await expect(
      startTenant({
        clientGrants: [{ client_id: 'svc', audience: 'https://127.0.0.1:1/api/v2/' }],
      }),
    ).rejects.toThrow('client grant seed: no API')
  })

  it('seeds roles with Management API permissions by key', async () => {
    const seeded = await startTenant({
      roles: [
        {
          name: 'support',
          permissions: [
            {
              resource_server_identifier: 'auth0plus:management-api',
              permission_name: 'read:users',
            },
          ],
        },
      ],
    })
    try {
      const [role] = (await api(seeded, 'GET', '/roles')).body
      expect((await api(seeded, 'GET', `/roles/${role.id}/permissions`)).body).toEqual([
        expect.objectContaining({
          permission_name: 'read:users',
          resource_server_identifier: seeded.audience,
        }),
      ])
      // On the wire the key is not an identifier.
      const wire = await api(seeded, 'POST', `/roles/${role.id}/permissions`, {
        body: {
          permissions: [
            {
              resource_server_identifier: 'auth0plus:management-api',
              permission_name: 'read:roles',
            },
          ],
        },
      })
      expect(wire.status).toBe(404)
    } finally {
      await seeded.stop()
    }
  })
})

describe('client grant checkpoints', () => {
  it('page through every grant once, whatever the order of client ids', async () => {
    const ids = ['zeta', 'alpha', 'mike', 'bravo']
    const many = await startTenant({
      clients: ids.map((clientId) => ({ clientId, clientSecret: `${clientId}-secret` })),
    })
    try {
      const all = (await api(many, 'GET', '/client-grants?per_page=100')).body
      expect(all).toHaveLength(5)
      const seen: unknown[] = []
      let next: string | undefined
      do {
        const from = next === undefined ? '' : `&from=${encodeURIComponent(next)}`
        const page = (await api(many, 'GET', `/client-grants?take=1${from}`)).body
        seen.push(...page.client_grants)
        next = page.next
      } while (next !== undefined)
      expect(seen).toEqual(all)
    } finally {
      await many.stop()
    }
  })
})
