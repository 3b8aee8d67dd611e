import { describe, expect, it } from 'vitest'
import { Rbac } from '../../src/emulator/rbac.js'

const MANAGEMENT = 'https://127.0.0.1:4010/api/v2/'
const API = 'https://reports.example/'
const perm = (permission_name: string, resource_server_identifier = API) => ({
  resource_server_identifier,
  permission_name,
})

function rbac(withApi = true): Rbac {
  const tenant = new Rbac({
    now: () => Date.parse('2025-06-01T12:00:00Z'),
    management: () => ({ identifier: MANAGEMENT, scopes: ['read:users', 'read:roles'] }),
    isManagementAudience: (identifier) =>
      identifier === MANAGEMENT || identifier === 'http://localhost:4010/api/v2/',
    managementGrants: () => [
      { id: 'cgr_management0000', client_id: 'm2m', audience: MANAGEMENT, scope: ['read:users'] },
    ],
  })
  if (!withApi) return tenant
  tenant.resourceServers.create({
    identifier: API,
    scopes: [{ value: 'read:reports' }, { value: 'write:reports' }, { value: 'admin:reports' }],
  })
  return tenant
}

describe('the internal RBAC API for the Authentication API', () => {
  it('permissionsOf: direct ∪ via roles, for one audience, sorted and without duplicates', () => {
    const tenant = rbac()
    const editor = tenant.roles.create('editor', undefined)
    const admin = tenant.roles.create('admin', undefined)
    tenant.rolePermissions.add(
      editor.id,
      tenant.checkPermissions([perm('write:reports'), perm('read:reports')]),
    )
    tenant.rolePermissions.add(admin.id, tenant.checkPermissions([perm('admin:reports')]))
    tenant.userPermissions.add(
      'auth0|u1',
      tenant.checkPermissions([perm('read:reports'), perm('read:users', MANAGEMENT)]),
    )
    tenant.members.assign(editor.id, 'auth0|u1', 0)
    expect(tenant.permissionsOf('auth0|u1', API)).toEqual(['read:reports', 'write:reports'])
    expect(tenant.permissionsOf('auth0|u1', 'http://localhost:4010/api/v2/')).toEqual([
      'read:users',
    ])
    expect(tenant.permissionsOf('auth0|u1', 'https://unknown/')).toEqual([])
    expect(tenant.permissionsOf('auth0|nobody', API)).toEqual([])
    tenant.deleteRole(editor.id)
    expect(tenant.permissionsOf('auth0|u1', API)).toEqual(['read:reports'])
    tenant.forgetUser('auth0|u1')
    expect(tenant.permissionsOf('auth0|u1', MANAGEMENT)).toEqual([])
  })

  it('resourceServerByIdentifier and clientGrant, the Management API included', () => {
    const tenant = rbac()
    expect(tenant.resourceServerByIdentifier(API)).toMatchObject({
      identifier: API,
      token_lifetime: 86400,
    })
    expect(tenant.resourceServerByIdentifier(MANAGEMENT)).toMatchObject({ is_system: true })
    expect(tenant.resourceServerByIdentifier('__proto__')).toBeUndefined()
    expect(tenant.resourceServerByIdentifier('constructor')).toBeUndefined()
    expect(tenant.clientGrant('m2m', 'http://localhost:4010/api/v2/')).toMatchObject({
      id: 'cgr_management0000',
    })
    expect(tenant.clientGrant('m2m', API)).toBeUndefined()
    const grant = tenant.clientGrants.create(
      { client_id: 'm2m', audience: API, scope: ['read:reports'] },
      (audience) => audience === API,
    )
    expect(tenant.clientGrant('m2m', API)).toEqual(grant)
    expect(tenant.clientGrant('m2m', API, 'user')).toBeUndefined()
    expect(tenant.clientGrant('other', API)).toBeUndefined()
    tenant.deleteResourceServer(API)
    expect(tenant.clientGrant('m2m', API)).toBeUndefined()
  })

  it('round-trips through its data-file state', () => {
    const tenant = rbac()
    const role = tenant.roles.create('editor', 'Edits')
    tenant.rolePermissions.add(role.id, tenant.checkPermissions([perm('read:reports')]))
    tenant.members.assign(role.id, 'auth0|u1', 5)
    tenant.userPermissions.add('auth0|u2', tenant.checkPermissions([perm('write:reports')]))
    tenant.clientGrants.create({ client_id: 'm2m', audience: API, scope: [] }, (a) => a === API)
    const state = JSON.parse(JSON.stringify(tenant.toJSON()))
    const copy = rbac(false)
    copy.load(state)
    expect(copy.toJSON()).toEqual(state)
    expect(copy.permissionsOf('auth0|u1', API)).toEqual(['read:reports'])
    expect(copy.usersOf(role.id)).toEqual([{ userId: 'auth0|u1', at: 5 }])
  })
})
