import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readDataFile } from './data-file-helpers.js'
import { api, createUser, startTenant, userPath, type TestTenant } from './helpers.js'

const tempFile = async (name: string) =>
  join(await mkdtemp(join(tmpdir(), 'auth0plus-rbac-test-')), name)

const API = 'https://reports.example/'
const perm = (permission_name: string) => ({ resource_server_identifier: API, permission_name })

/** Everything RBAC a tenant answers, for comparing before and after a restart. */
async function rbacView(tenant: TestTenant, userIds: string[]) {
  const roles = (await api(tenant, 'GET', '/roles')).body as { id: string }[]
  const view: Record<string, unknown> = {
    roles,
    apis: (await api(tenant, 'GET', '/resource-servers')).body.slice(1),
    grants: (await api(tenant, 'GET', `/client-grants?audience=${encodeURIComponent(API)}`)).body,
  }
  for (const role of roles) {
    view[`${role.id} permissions`] = (
      await api(tenant, 'GET', `/roles/${role.id}/permissions`)
    ).body
    view[`${role.id} users`] = (await api(tenant, 'GET', `/roles/${role.id}/users?take=10`)).body
  }
  for (const id of userIds) {
    view[`${id} roles`] = (await api(tenant, 'GET', `${userPath(id)}/roles`)).body
    view[`${id} permissions`] = (await api(tenant, 'GET', `${userPath(id)}/permissions`)).body
  }
  return view
}

describe('RBAC in the data file', () => {
  it('keeps APIs, roles, permissions, assignments and grants across a restart', async () => {
    const dataFile = await tempFile('tenant.json')
    const clients = [{ clientId: 'worker', clientSecret: 'worker-secret' }]
    const first = await startTenant({ dataFile, clients })
    await api(first, 'POST', '/resource-servers', {
      body: {
        identifier: API,
        name: 'Reports',
        scopes: [{ value: 'read:reports' }, { value: 'write:reports' }],
      },
    })
    const editor = (
      await api(first, 'POST', '/roles', { body: { name: 'editor', description: 'Edits' } })
    ).body
    const viewer = (await api(first, 'POST', '/roles', { body: { name: 'viewer' } })).body
    await api(first, 'POST', `/roles/${editor.id}/permissions`, {
      body: { permissions: [perm('write:reports')] },
    })
    const alice = await createUser(first, { email: 'alice@example.com' })
    const bob = await createUser(first, { email: 'bob@example.com' })
    await api(first, 'POST', `/roles/${editor.id}/users`, {
      body: { users: [alice.user_id, bob.user_id] },
    })
    await api(first, 'POST', `${userPath(bob.user_id)}/roles`, { body: { roles: [viewer.id] } })
    await api(first, 'POST', `${userPath(alice.user_id)}/permissions`, {
      body: { permissions: [perm('read:reports')] },
    })
    // The Management API's identifier names the port, which changes with the restart.
    await api(first, 'POST', `${userPath(bob.user_id)}/permissions`, {
      body: {
        permissions: [
          { resource_server_identifier: first.audience, permission_name: 'read:users' },
        ],
      },
    })
    await api(first, 'POST', '/client-grants', {
      body: { client_id: 'worker', audience: API, scope: ['read:reports'] },
    })
    const before = await rbacView(first, [alice.user_id, bob.user_id])
    expect(before.grants).toHaveLength(1)
    await first.stop()

    const saved = await readDataFile(dataFile)
    expect(Object.keys(saved.rbac)).toEqual([
      'resourceServers',
      'roles',
      'userPermissions',
      'clientGrants',
    ])
    expect(saved.rbac.roles.find((r: { name: string }) => r.name === 'editor').users).toHaveLength(
      2,
    )

    const second = await startTenant({ dataFile, clients, roles: [{ name: 'ignored-seed' }] })
    try {
      const after = await rbacView(second, [alice.user_id, bob.user_id])
      const bobs = `${bob.user_id} permissions`
      expect(after[bobs]).toEqual(
        (before[bobs] as { resource_server_identifier: string }[]).map((p) =>
          p.resource_server_identifier === first.audience
            ? { ...p, resource_server_identifier: second.audience }
            : p,
        ),
      )
      expect(after[bobs]).toContainEqual(
        expect.objectContaining({
          permission_name: 'read:users',
          resource_server_identifier: second.audience,
        }),
      )
      expect({ ...after, [bobs]: null }).toEqual({ ...before, [bobs]: null })
      // Consistency still holds after the reload: deleting bob drops his assignments.
      await api(second, 'DELETE', userPath(bob.user_id))
      expect((await api(second, 'GET', `/roles/${editor.id}/users`)).body).toEqual([
        expect.objectContaining({ user_id: alice.user_id }),
      ])
    } finally {
      await second.stop()
    }
  })

  it('loads a data file written before RBAC existed', async () => {
    const dataFile = await tempFile('old.json')
    const first = await startTenant({ dataFile })
    const user = await createUser(first, { email: 'old@example.com' })
    await first.stop()
    const saved = await readDataFile(dataFile)
    delete saved.rbac
    await writeFile(dataFile, JSON.stringify(saved))

    const second = await startTenant({
      dataFile,
      resourceServers: [{ identifier: API, scopes: [{ value: 'read:reports' }] }],
      roles: [{ name: 'seeded', permissions: [perm('read:reports')], users: ['old@example.com'] }],
    })
    try {
      expect((await api(second, 'GET', userPath(user.user_id))).status).toBe(200)
      // With no RBAC in the file, the seeds apply.
      const [role] = (await api(second, 'GET', '/roles')).body
      expect(role).toMatchObject({ name: 'seeded' })
      expect((await api(second, 'GET', `${userPath(user.user_id)}/permissions`)).body).toEqual([
        expect.objectContaining({
          permission_name: 'read:reports',
          sources: [{ source_id: role.id, source_name: 'seeded', source_type: 'ROLE' }],
        }),
      ])
    } finally {
      await second.stop()
    }
  })

  it('refuses a seed that names a permission its API does not define', async () => {
    await expect(
      startTenant({
        resourceServers: [{ identifier: API, scopes: [{ value: 'read:reports' }] }],
        roles: [{ name: 'bad', permissions: [perm('delete:reports')] }],
      }),
    ).rejects.toThrow(
      `RBAC seed refused: Permission 'delete:reports' does not exist on resource server '${API}'`,
    )
  })
})
