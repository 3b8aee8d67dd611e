import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Auth0Error, DoesNotExist, InvalidArgument } from '../../../src/errors.js'
import { api, connect } from '../../support/nock-tenant.js'

const EDITOR = { id: 'rol_editor0000000001', name: 'editor', description: 'Edits' }
const NOT_FOUND = { statusCode: 404, error: 'Not Found', message: 'The role does not exist.' }
const CONFLICT = { statusCode: 409, error: 'Conflict', message: 'The role already exists.' }
const page = (roles: unknown[], total: number, start = 0, limit = 100) => ({
  roles,
  start,
  limit,
  total,
})
const listQuery = (extra: Record<string, string> = {}, pageIndex = 0, perPage = 100) => ({
  ...extra,
  page: String(pageIndex),
  per_page: String(perPage),
  include_totals: 'true',
})

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

describe('auth0.roles: get', () => {
  it('by id: GET /roles/{id}, shown as <Role name>', async () => {
    const scope = api().get('/roles/rol_editor0000000001').reply(200, EDITOR)
    const role = await connect().roles.get('rol_editor0000000001')
    expect(String(role)).toBe('<Role editor>')
    expect(role.asDict()).toEqual(EDITOR)
    expect(role._fetched).toBe(true)
    scope.done()
  })

  it('turns a 404 into DoesNotExist', async () => {
    const scope = api().get('/roles/rol_nope').reply(404, NOT_FOUND)
    const roles = connect().roles
    const error = await roles.get('rol_nope').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(roles.DoesNotExist)
    expect(error).toBeInstanceOf(DoesNotExist)
    expect((error as Error).message).toBe('Role Does Not Exist')
    expect((error as Error).cause).toBeInstanceOf(Auth0Error)
    scope.done()
  })

  it('by { name }: name_filter, keeping only the exact name', async () => {
    const editors = { id: 'rol_editors000000002', name: 'editors', description: '' }
    const scope = api()
      .get('/roles')
      .query(listQuery({ name_filter: 'editor' }))
      .reply(200, page([EDITOR, editors], 2))
    const role = await connect().roles.get({ name: 'editor' })
    expect(role.id).toBe(EDITOR.id)
    scope.done()
  })

  it('refuses ids that would change the path, before any request', async () => {
    await expect(connect().roles.get('..')).rejects.toThrow(InvalidArgument)
    await expect(connect().roles.get('')).rejects.toThrow(InvalidArgument)
  })
})

describe('auth0.roles: create, getOrCreate, updateOrCreate', () => {
  it('getOrCreate finds by name, else POSTs lookup ∪ defaults (Auth0 answers 200)', async () => {
    const scope = api()
      .get('/roles')
      .query(listQuery({ name_filter: 'editor' }))
      .reply(200, page([], 0))
      .post('/roles', { name: 'editor', description: 'Edits' })
      .reply(200, EDITOR)
    const [role, created] = await connect().roles.getOrCreate({
      name: 'editor',
      defaults: { description: 'Edits' },
    })
    expect(created).toBe(true)
    expect(role.id).toBe(EDITOR.id)
    scope.done()
  })

  it('getOrCreate after a lost race (409) returns the winner, not created', async () => {
    const scope = api()
      .get('/roles')
      .query(listQuery({ name_filter: 'editor' }))
      .reply(200, page([], 0))
      .post('/roles', { name: 'editor' })
      .reply(409, CONFLICT)
      .get('/roles')
      .query(listQuery({ name_filter: 'editor' }))
      .reply(200, page([EDITOR], 1))
    const [role, created] = await connect().roles.getOrCreate({ name: 'editor' })
    expect([role.id, created]).toEqual([EDITOR.id, false])
    scope.done()
  })

  it('updateOrCreate PATCHes only the defaults that differ', async () => {
    const scope = api()
      .get('/roles')
      .query(listQuery({ name_filter: 'editor' }))
      .reply(200, page([EDITOR], 1))
      .patch('/roles/rol_editor0000000001', { description: 'Edits reports' })
      .reply(200, { ...EDITOR, description: 'Edits reports' })
    const [role, created] = await connect().roles.updateOrCreate({
      name: 'editor',
      defaults: { description: 'Edits reports' },
    })
    expect([role.description, created]).toEqual(['Edits reports', false])
    scope.done()
  })

  it('create() and new + save() POST every attribute but the id', async () => {
    const scope = api()
      .post('/roles', { name: 'viewer' })
      .reply(200, { id: 'rol_viewer', name: 'viewer' })
    const roles = connect().roles
    const viewer = new roles({ name: 'viewer' })
    expect(viewer._fetched).toBe(false)
    await viewer.save()
    expect(viewer.id).toBe('rol_viewer')
    scope.done()
  })
})

describe('a role instance', () => {
  it('save() is dirty-tracked: nothing when unchanged, one PATCH of what changed', async () => {
    const scope = api()
      .get('/roles/rol_editor0000000001')
      .reply(200, EDITOR)
      .patch('/roles/rol_editor0000000001', { name: 'editor-in-chief' })
      .reply(200, { ...EDITOR, name: 'editor-in-chief' })
    const role = await connect().roles.get('rol_editor0000000001')
    await role.save() // no request
    role.name = 'editor-in-chief'
    await role.save()
    expect(String(role)).toBe('<Role editor-in-chief>')
    await role.save() // nothing changed since
    scope.done()
  })

  it('refresh() reloads, delete() sends DELETE and leaves it unsaved', async () => {
    const scope = api()
      .get('/roles/rol_editor0000000001')
      .twice()
      .reply(200, EDITOR)
      .delete('/roles/rol_editor0000000001')
      .reply(200, {})
    const role = await connect().roles.get('rol_editor0000000001')
    role.description = 'unsaved'
    await role.refresh()
    expect(role.description).toBe('Edits')
    await role.delete()
    expect(role._fetched).toBe(false)
    scope.done()
  })

  it('refuses attribute names that clash with the model', () => {
    const roles = connect().roles
    expect(() => new roles({ save: 1 } as never)).toThrow(InvalidArgument)
    expect(() => new roles({ _fetched: true } as never)).toThrow(InvalidArgument)
    expect(() => new roles({ constructor: 1 } as never)).toThrow(InvalidArgument)
  })

  it('cannot save, delete or refresh a fetched role without an id', async () => {
    const roles = connect().roles
    await expect(new roles({ name: 'x' }).delete()).rejects.toThrow(InvalidArgument)
  })
})

describe('auth0.roles: lazy sets', () => {
  it('all() pages by offset with totals; count() is one request for the total', async () => {
    const roles = Array.from({ length: 150 }, (_, i) => ({ id: `rol_${i}`, name: `r${i}` }))
    const scope = api()
      .get('/roles')
      .query(listQuery())
      .reply(200, page(roles.slice(0, 100), 150))
      .get('/roles')
      .query(listQuery({}, 1))
      .reply(200, page(roles.slice(100), 150, 100))
      .get('/roles')
      .query(listQuery({}, 0, 1))
      .reply(200, page(roles.slice(0, 1), 150, 0, 1))
    const set = connect().roles.all()
    expect(set.compile()).toEqual({
      method: 'GET',
      path: '/roles',
      params: { page: 0, per_page: 100, include_totals: true },
    })
    const all = await set.toArray()
    expect(all.map((role) => role.id)).toEqual(roles.map((role) => role.id))
    expect(await connect().roles.all().count()).toBe(150)
    scope.done()
  })

  it('query({ name }) sends name_filter; other lookups are refused before any request', async () => {
    const scope = api()
      .get('/roles')
      .query(listQuery({ name_filter: 'edit' }, 0, 10))
      .reply(200, page([EDITOR], 1, 0, 10))
    const found = await connect().roles.query({ name: 'edit' }).slice(0, 10).toArray()
    expect(found.map(String)).toEqual(['<Role editor>'])
    expect(() => connect().roles.query({ description: 'x' })).toThrow(InvalidArgument)
    scope.done()
  })

  it('refuses to page past the 1000-record cap before any request', async () => {
    await expect(connect().roles.all().slice(1000, 1010).toArray()).rejects.toThrow(
      /Auth0 search serves only the first 1000/,
    )
  })

  it('delete(id) sends DELETE; an unknown role is DoesNotExist', async () => {
    const scope = api()
      .delete('/roles/rol_a')
      .reply(200, {})
      .delete('/roles/rol_b')
      .reply(404, NOT_FOUND)
    const roles = connect().roles
    await roles.delete('rol_a')
    await expect(roles.delete('rol_b')).rejects.toThrow(DoesNotExist)
    scope.done()
  })
})
