import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { InvalidArgument } from '../../../src/errors.js'
import { api, connect } from '../../support/nock-tenant.js'

const ROLE = { id: 'rol_editor', name: 'editor', description: '' }
const API = 'https://reports.example'
const perm = (permission_name: string) => ({ resource_server_identifier: API, permission_name })
const listed = (permission_name: string) => ({
  ...perm(permission_name),
  resource_server_name: 'Reports',
})

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

async function editor() {
  return connect().roles.get('rol_editor')
}

describe('role.permissions', () => {
  it('add and remove send one request each, with the permissions in the body', async () => {
    const scope = api()
      .get('/roles/rol_editor')
      .reply(200, ROLE)
      .post('/roles/rol_editor/permissions', { permissions: [perm('read:reports')] })
      .reply(201, {})
      .delete('/roles/rol_editor/permissions', { permissions: [perm('read:reports')] })
      .reply(204)
    const role = await editor()
    await role.permissions.add(perm('read:reports'))
    await role.permissions.remove(perm('read:reports'))
    await role.permissions.add() // nothing to send
    scope.done()
  })

  it('all() reads GET /roles/{id}/permissions by offset', async () => {
    const scope = api()
      .get('/roles/rol_editor')
      .reply(200, ROLE)
      .get('/roles/rol_editor/permissions')
      .query({ page: '0', per_page: '100', include_totals: 'true' })
      .reply(200, { permissions: [listed('read:reports')], start: 0, limit: 100, total: 1 })
    const role = await editor()
    expect(await role.permissions.all().toArray()).toEqual([listed('read:reports')])
    scope.done()
  })

  it('set() sends only the difference: at most one POST and one DELETE', async () => {
    const scope = api()
      .get('/roles/rol_editor')
      .reply(200, ROLE)
      .get('/roles/rol_editor/permissions')
      .query({ page: '0', per_page: '100', include_totals: 'true' })
      .reply(200, {
        permissions: [listed('read:reports'), listed('old:reports')],
        start: 0,
        limit: 100,
        total: 2,
      })
      .post('/roles/rol_editor/permissions', {
        permissions: [perm('write:reports'), perm('admin:reports')],
      })
      .reply(201, {})
      .delete('/roles/rol_editor/permissions', { permissions: [perm('old:reports')] })
      .reply(204)
    const role = await editor()
    await role.permissions.set([perm('read:reports'), perm('write:reports'), perm('admin:reports')])
    scope.done()
  })

  it('refuses malformed permissions and unsaved roles before any request', async () => {
    const scope = api().get('/roles/rol_editor').reply(200, ROLE)
    const role = await editor()
    await expect(role.permissions.add({ permission_name: 'x' } as never)).rejects.toThrow(
      InvalidArgument,
    )
    await expect(
      role.permissions.add({ ...perm('x'), resource_server_id: 'y' } as never),
    ).rejects.toThrow("'resource_server_id' is not part of a permission.")
    const roles = connect().roles
    expect(() => new roles({ name: 'unsaved' }).permissions.all()).toThrow(
      'Cannot use the permissions of a Role that has no id.',
    )
    scope.done()
  })
})

describe('role.users', () => {
  it("all() follows checkpoint cursors (no offset cap on a role's users)", async () => {
    const scope = api()
      .get('/roles/rol_editor')
      .reply(200, ROLE)
      .get('/roles/rol_editor/users')
      .query({ take: '100' })
      .reply(200, { users: [{ user_id: 'auth0|1' }, { user_id: 'auth0|2' }], next: 'Y3Vyc29y' })
      .get('/roles/rol_editor/users')
      .query({ from: 'Y3Vyc29y', take: '100' })
      .reply(200, { users: [{ user_id: 'auth0|3' }] })
    const role = await editor()
    const users = await role.users.all().toArray()
    expect(users.map((u) => u.user_id)).toEqual(['auth0|1', 'auth0|2', 'auth0|3'])
    scope.done()
  })

  it('add() sends 2,500 ids in three POSTs of at most 1000', async () => {
    const ids = Array.from({ length: 2500 }, (_, i) => `auth0|${i}`)
    const sizes: number[] = []
    const scope = api()
      .get('/roles/rol_editor')
      .reply(200, ROLE)
      .post('/roles/rol_editor/users', (body: { users: string[] }) => {
        sizes.push(body.users.length)
        return true
      })
      .times(3)
      .reply(200, {})
    const role = await editor()
    expect(await role.users.add(ids)).toEqual({
      total: 2500,
      count: 2500,
      failed: [],
      notAttempted: [],
      requests: 3,
    })
    expect(sizes).toEqual([1000, 1000, 500])
    scope.done()
  })

  it('add() takes a user, an id or an async iterable; refuses unsaved users first', async () => {
    const scope = api()
      .get('/roles/rol_editor')
      .reply(200, ROLE)
      .post('/roles/rol_editor/users', { users: ['auth0|a'] })
      .reply(200, {})
      .post('/roles/rol_editor/users', { users: ['auth0|b', 'auth0|c'] })
      .reply(200, {})
    const role = await editor()
    await role.users.add({ user_id: 'auth0|a' })
    async function* stream() {
      yield 'auth0|b'
      yield { user_id: 'auth0|c' }
      yield 'auth0|b'
    }
    expect(await role.users.add(stream())).toMatchObject({ count: 2, requests: 1 })
    await expect(
      role.users.add(['auth0|x', { email: 'new@example.com' }] as never),
    ).rejects.toThrow('Pass saved users or user ids')
    scope.done()
  })

  it('reports progress per batch, lists a refused batch in failed, and stops on a 403', async () => {
    const ids = Array.from({ length: 3500 }, (_, i) => `auth0|${i}`)
    const forbidden = {
      statusCode: 403,
      error: 'Forbidden',
      message: 'Insufficient scope, expected any of: update:roles,create:role_members',
      errorCode: 'insufficient_scope',
    }
    const scope = api()
      .get('/roles/rol_editor')
      .reply(200, ROLE)
      .post('/roles/rol_editor/users')
      .reply(200, {})
      .post('/roles/rol_editor/users')
      .reply(404, { statusCode: 404, error: 'Not Found', message: 'The user does not exist.' })
      .post('/roles/rol_editor/users')
      .reply(403, forbidden)
    const role = await editor()
    const seen: number[] = []
    let before: readonly string[] = []
    const result = await role.users.add(ids, {
      beforeAct: (all) => {
        before = all
      },
      onProgress: (p) => seen.push(p.done),
    })
    expect(before).toHaveLength(3500)
    expect(seen).toEqual([0, 1000, 2000, 3000])
    expect(result).toMatchObject({ total: 3500, count: 1000, requests: 3 })
    expect(result.failed).toHaveLength(2000)
    expect(result.failed[0]).toMatchObject({ user_id: 'auth0|1000' })
    expect(result.notAttempted).toEqual(ids.slice(3000))
    scope.done()
  })
})
