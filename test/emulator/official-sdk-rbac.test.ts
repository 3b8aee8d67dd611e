import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSdkClient } from './fixtures/run-sdk-client.js'
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js'

let tenant: RunningEmulator
let v7: Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the child
let v4: Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the child

beforeAll(async () => {
  tenant = await startEmulator({ port: 0, https: true })
  ;({ v7, v4 } = await runSdkClient(tenant, './sdk-rbac-client.ts'))
}, 60_000)
afterAll(() => tenant.stop())

const API7 = 'https://v7.reports.example/'
const API4 = 'https://v4.reports.example/'

describe('the official auth0 Node SDK v7 (ManagementClient), unmodified', () => {
  it('resourceServers: create, get by identifier, update, list (system API first)', () => {
    expect(v7.api).toMatchObject({ identifier: API7, name: 'Reports v7', token_lifetime: 86400 })
    expect(v7.apiByIdentifier).toEqual(v7.api)
    expect(v7.apiUpdated).toEqual({
      ...v7.api,
      enforce_policies: true,
      token_dialect: 'access_token_authz',
    })
    expect(v7.apis.map((api: { identifier: string }) => api.identifier)).toEqual([
      tenant.audience,
      API7,
    ])
    expect(v7.apiAfterDelete).toMatchObject({
      name: 'NotFoundError',
      body: { errorCode: 'inexistent_resource_server' },
    })
  })

  it('roles: create, get, update, list with name_filter, 409 on a duplicate, 404 after delete', () => {
    expect(v7.role).toEqual({
      id: expect.stringMatching(/^rol_/),
      name: 'v7-editor',
      description: 'Edits',
    })
    expect(v7.roleGot).toEqual(v7.role)
    expect(v7.roleUpdated).toEqual({ ...v7.role, description: 'Edits reports' })
    expect(v7.roles).toEqual([v7.roleUpdated])
    expect(v7.duplicateRole).toEqual({
      name: 'ConflictError',
      statusCode: 409,
      body: { statusCode: 409, error: 'Conflict', message: 'The role already exists.' },
    })
    expect(v7.roleAfterDelete).toEqual({
      name: 'NotFoundError',
      statusCode: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'The role does not exist.' },
    })
  })

  it('roles.permissions: add, list, refuse an undefined one, delete', () => {
    const item = (name: string, description?: string) => ({
      permission_name: name,
      ...(description && { description }),
      resource_server_name: 'Reports v7',
      resource_server_identifier: API7,
    })
    expect(v7.rolePermissions).toEqual([
      item('read:reports', 'Read reports'),
      item('write:reports'),
    ])
    expect(v7.unknownPermission).toMatchObject({
      name: 'BadRequestError',
      body: { errorCode: 'invalid_body' },
    })
    expect(v7.rolePermissionsAfterDelete).toEqual([item('read:reports', 'Read reports')])
  })

  it('roles.users: assign, and list through checkpoint pages (take=2, three users)', () => {
    expect(v7.roleUsers).toHaveLength(3)
    const ids = v7.roleUsers.map((user: { user_id: string }) => user.user_id)
    expect(ids).toEqual([...ids].sort())
    expect(Object.keys(v7.roleUsers[0])).toEqual(['user_id', 'email', 'picture', 'name'])
  })

  it('users.roles and users.permissions: assign, list with sources, delete', () => {
    expect(v7.userRoles.map((role: { name: string }) => role.name)).toEqual([
      'v7-editor',
      'v7-viewer',
    ])
    expect(v7.userPermissions).toEqual([
      expect.objectContaining({
        permission_name: 'read:reports',
        sources: [{ source_id: v7.role.id, source_name: 'v7-editor', source_type: 'ROLE' }],
      }),
      expect.objectContaining({
        permission_name: 'write:reports',
        sources: [{ source_id: '', source_name: '', source_type: 'DIRECT' }],
      }),
    ])
    expect(v7.userRolesAfterDelete).toEqual([])
    expect(v7.userPermissionsAfterDelete).toEqual([])
  })

  it('clientGrants: create, list by checkpoint with an audience filter', () => {
    expect(v7.grant).toEqual({
      id: expect.stringMatching(/^cgr_/),
      client_id: tenant.clientId,
      audience: API7,
      scope: ['read:reports'],
    })
    expect(v7.grants).toEqual([v7.grant])
  })
})

describe('the official auth0 Node SDK v4, unmodified', () => {
  it('resourceServers and roles', () => {
    expect(v4.apiGot).toEqual(v4.api)
    expect(v4.apiUpdated).toEqual({ ...v4.api, name: 'Reports 4' })
    expect(v4.apis).toMatchObject({ total: 2, start: 0, limit: 50 })
    expect(v4.roleGot).toEqual(v4.role)
    expect(v4.roleUpdated).toEqual({ ...v4.role, name: 'v4-editors' })
    expect(v4.roles).toEqual({ roles: [v4.roleUpdated], start: 0, limit: 50, total: 1 })
    expect(v4.roleAfterDelete).toMatchObject({ statusCode: 404 })
  })

  it('role permissions and users (offset with totals, and checkpoint)', () => {
    expect(v4.rolePermissions).toEqual([
      {
        permission_name: 'read:reports',
        description: 'Read reports',
        resource_server_name: 'Reports 4',
        resource_server_identifier: API4,
      },
    ])
    expect(v4.roleUsers).toMatchObject({ start: 0, limit: 50, total: 1 })
    expect(v4.roleUsersCheckpoint).toEqual({ users: v4.roleUsers.users })
    expect(v4.rolePermissionsAfterDelete).toEqual([])
  })

  it("a user's roles and permissions", () => {
    expect(v4.userRoles).toEqual([v4.roleUpdated])
    expect(v4.userPermissions[0].sources).toEqual([
      { source_id: '', source_name: '', source_type: 'DIRECT' },
      { source_id: v4.role.id, source_name: 'v4-editors', source_type: 'ROLE' },
    ])
    expect(v4.userRolesAgain).toEqual([v4.roleUpdated])
  })

  it('lists the default client grant to the Management API', () => {
    expect(v4.grants).toEqual([
      expect.objectContaining({ client_id: tenant.clientId, audience: tenant.audience }),
    ])
    expect(v4.grants[0].scope).toContain('create:role_members')
  })
})
