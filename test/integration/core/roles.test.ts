import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Auth0, DoesNotExist } from '../../../src/index.js'
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js'

let tenant: RunningEmulator
let auth0: Auth0

beforeAll(async () => {
  tenant = await startEmulator({ port: 0 })
  auth0 = new Auth0(tenant.domain, {
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    audience: tenant.audience,
  })
})
afterAll(() => tenant.stop())

describe('auth0.roles and auth0.resourceServers against the emulator', () => {
  it("runs API.md §10's opening lines", async () => {
    const [api, apiCreated] = await auth0.resourceServers.getOrCreate({
      identifier: 'https://reports.example',
      defaults: {
        name: 'Reports',
        scopes: [{ value: 'read:reports' }],
        enforce_policies: true,
        token_dialect: 'access_token_authz',
      },
    })
    expect(apiCreated).toBe(true)
    expect(api).toMatchObject({ name: 'Reports', token_lifetime: 86400, enforce_policies: true })
    const [again, createdAgain] = await auth0.resourceServers.getOrCreate({
      identifier: 'https://reports.example',
    })
    expect([again.id, createdAgain]).toEqual([api.id, false])

    const [editor, created] = await auth0.roles.getOrCreate({
      name: 'editor',
      defaults: { description: 'Edits reports' },
    })
    expect([String(editor), created]).toEqual(['<Role editor>', true])
    const [same, sameCreated] = await auth0.roles.getOrCreate({ name: 'editor' })
    expect([same.id, sameCreated]).toEqual([editor.id, false])
    // `editors` matches Auth0's substring name_filter, but get({ name }) is exact.
    await auth0.roles.create({ name: 'editors' })
    expect((await auth0.roles.get({ name: 'editor' })).id).toBe(editor.id)
    expect(await auth0.roles.query({ name: 'EDIT' }).count()).toBe(2)

    editor.description = 'Edits every report'
    await editor.save()
    expect((await auth0.roles.get(editor.id!)).description).toBe('Edits every report')

    const [updated, wasCreated] = await auth0.roles.updateOrCreate({
      name: 'editor',
      defaults: { description: 'Owns reports' },
    })
    expect([updated.description, wasCreated]).toEqual(['Owns reports', false])

    const names = (await auth0.roles.all().toArray()).map(String)
    expect(names).toEqual(['<Role editor>', '<Role editors>'])
    const apis = (await auth0.resourceServers.all().toArray()).map((a) => a.identifier)
    expect(apis).toEqual([tenant.audience, 'https://reports.example'])

    await editor.delete()
    await expect(auth0.roles.get(editor.id!)).rejects.toThrow(DoesNotExist)
    await expect(auth0.roles.delete(editor.id!)).rejects.toThrow(DoesNotExist)
    await api.delete()
    await expect(auth0.resourceServers.get('https://reports.example')).rejects.toThrow(
      auth0.resourceServers.DoesNotExist,
    )
  })

  it('role.permissions and role.users against the emulator, 1,200 users in two POSTs', async () => {
    const seeded = await startEmulator({
      port: 0,
      users: Array.from({ length: 1200 }, (_, i) => ({ email: `member${i}@example.com` })),
      resourceServers: [
        {
          identifier: 'https://docs.example',
          scopes: [{ value: 'read:docs' }, { value: 'write:docs' }],
        },
      ],
    })
    try {
      const client = new Auth0(seeded.domain, {
        clientId: seeded.clientId,
        clientSecret: seeded.clientSecret,
        audience: seeded.audience,
      })
      const role = await client.roles.create({ name: 'members' })
      const read = {
        resource_server_identifier: 'https://docs.example',
        permission_name: 'read:docs',
      }
      const write = { ...read, permission_name: 'write:docs' }
      await role.permissions.add(read)
      await role.permissions.set([write])
      expect((await role.permissions.all().toArray()).map((p) => p.permission_name)).toEqual([
        'write:docs',
      ])
      await expect(
        role.permissions.add({ ...read, permission_name: 'delete:docs' }),
      ).rejects.toMatchObject({ statusCode: 400 })

      const result = await role.users.add(client.users.all({ connection: null }))
      expect(result).toEqual({
        total: 1200,
        count: 1200,
        failed: [],
        notAttempted: [],
        requests: 2,
      })
      expect(await role.users.all().count()).toBe(1200)
      const firstTen = await role.users.all().slice(0, 10).toArray()
      expect(firstTen).toHaveLength(10)
      expect(Object.keys(firstTen[0]!)).toEqual(['user_id', 'email', 'picture', 'name'])
    } finally {
      await seeded.stop()
    }
  }, 60_000)

  it("a user's roles and permissions, hasPerm through a role", async () => {
    const api = 'https://perms.example'
    await auth0.resourceServers.create({
      identifier: api,
      scopes: [{ value: 'read:x' }, { value: 'write:x' }],
    })
    const role = await auth0.roles.create({ name: 'x-readers' })
    await role.permissions.add({ resource_server_identifier: api, permission_name: 'read:x' })
    const user = await auth0.users.create({
      email: 'rbac@example.com',
      password: 'Let-there-be-rock-77',
      connection: tenant.connection,
    })
    expect(await user.hasPerm(api, 'read:x')).toBe(false)
    await user.roles.add({ name: 'x-readers' })
    const roles = await user.roles.all().toArray()
    expect(roles.map(String)).toEqual(['<Role x-readers>'])
    expect(roles[0]).toBeInstanceOf(auth0.roles)
    expect(await user.hasPerm(api, 'read:x')).toBe(true)
    await user.permissions.add({ resource_server_identifier: api, permission_name: 'write:x' })
    const held = await user.permissions.all().toArray()
    expect(held.map((p) => [p.permission_name, p.sources?.[0]?.source_type])).toEqual([
      ['read:x', 'ROLE'],
      ['write:x', 'DIRECT'],
    ])
    await user.roles.set([])
    expect(await user.roles.all().count()).toBe(0)
    expect(await user.hasPerm(api, 'read:x')).toBe(false)
  })
})
