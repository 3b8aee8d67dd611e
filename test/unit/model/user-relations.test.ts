import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { InvalidArgument } from '../../../src/errors.js'
import { api, connect, fakeUser } from '../../support/nock-tenant.js'

const USER = fakeUser(1)
const PATH = `/users/${encodeURIComponent(USER.user_id as string)}`
const API = 'https://reports.example'
const totals = { page: '0', per_page: '100', include_totals: 'true' }
const direct = { source_id: '', source_name: '', source_type: 'DIRECT' }

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

async function user() {
  return connect().users.get(USER.user_id as string)
}

describe('user.roles', () => {
  it('set() reads once, then sends at most one POST and one DELETE', async () => {
    const scope = api()
      .get(PATH)
      .reply(200, USER)
      .get(`${PATH}/roles`)
      .query(totals)
      .reply(200, {
        roles: [
          { id: 'rol_keep', name: 'keep' },
          { id: 'rol_drop', name: 'drop' },
        ],
        start: 0,
        limit: 100,
        total: 2,
      })
      .post(`${PATH}/roles`, { roles: ['rol_new'] })
      .reply(204)
      .delete(`${PATH}/roles`, { roles: ['rol_drop'] })
      .reply(204)
    const u = await user()
    await u.roles.set([{ id: 'rol_keep' }, 'rol_new'])
    scope.done()
  })

  it('add({ name }) looks the role up exactly; an unknown name fails before any write', async () => {
    const scope = api()
      .get(PATH)
      .reply(200, USER)
      .get('/roles')
      .query({ name_filter: 'editor', per_page: '100', include_totals: 'true' })
      .reply(200, {
        roles: [
          { id: 'rol_editors', name: 'editors' },
          { id: 'rol_editor', name: 'editor' },
        ],
        start: 0,
        limit: 100,
        total: 2,
      })
      .post(`${PATH}/roles`, { roles: ['rol_editor'] })
      .reply(204)
      .get('/roles')
      .query({ name_filter: 'ghost', per_page: '100', include_totals: 'true' })
      .reply(200, { roles: [], start: 0, limit: 100, total: 0 })
    const u = await user()
    await u.roles.add({ name: 'editor' })
    await expect(u.roles.add({ name: 'ghost' })).rejects.toThrow("There is no role named 'ghost'.")
    scope.done()
  })

  it('an unsaved user or role is refused before any request', async () => {
    const scope = api().get(PATH).reply(200, USER)
    const users = connect().users
    expect(() => new users({ email: 'new@example.com' }).roles.all()).toThrow(InvalidArgument)
    const u = await user()
    await expect(u.roles.add({} as never)).rejects.toThrow('Pass saved roles')
    scope.done()
  })
})

describe('user.permissions and hasPerm', () => {
  it('hasPerm answers from direct and role permissions in one request', async () => {
    const scope = api()
      .get(PATH)
      .reply(200, USER)
      .get(`${PATH}/permissions`)
      .query(totals)
      .twice()
      .reply(200, {
        permissions: [
          {
            resource_server_identifier: API,
            permission_name: 'read:reports',
            sources: [{ source_id: 'rol_1', source_name: 'r', source_type: 'ROLE' }],
          },
        ],
        start: 0,
        limit: 100,
        total: 1,
      })
    const u = await user()
    expect(await u.hasPerm(API, 'read:reports')).toBe(true)
    expect(await u.hasPerm(API, 'write:reports')).toBe(false)
    scope.done()
  })

  it('add and remove change direct assignments', async () => {
    const permission = { resource_server_identifier: API, permission_name: 'read:reports' }
    const scope = api()
      .get(PATH)
      .reply(200, USER)
      .post(`${PATH}/permissions`, { permissions: [permission] })
      .reply(201, {})
      .delete(`${PATH}/permissions`, { permissions: [permission] })
      .reply(204)
    const u = await user()
    await u.permissions.add(permission)
    await u.permissions.remove({ ...permission, sources: [direct] } as never)
    await expect(u.hasPerm('', 'x')).rejects.toThrow(InvalidArgument)
    scope.done()
  })
})

describe('profiles with a root roles attribute', () => {
  it('load, keeping the attribute as data', async () => {
    const saml = { ...USER, roles: ['admin'] }
    const scope = api().get(PATH).reply(200, saml)
    const u = await user()
    expect(u.roles).toEqual(['admin'])
    expect(u.asDict()).toMatchObject({ roles: ['admin'] })
    scope.done()
  })
})
