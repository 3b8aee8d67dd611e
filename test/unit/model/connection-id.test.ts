import nock from 'nock'
import { afterEach, beforeAll, expect, it } from 'vitest'
import { InvalidArgument } from '../../../src/errors.js'
import { api, connect, CONNECTION } from '../../support/nock-tenant.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

it("connectionId() resolves the model's connection by name, or undefined", async () => {
  const scope = api()
    .get('/connections')
    .query({ name: CONNECTION, fields: 'id,name', include_fields: 'true' })
    .reply(200, [{ id: 'con_0123456789abcdef', name: CONNECTION }])
    .get('/connections')
    .query({ name: 'nope', fields: 'id,name', include_fields: 'true' })
    .reply(200, [])
  const auth0 = connect()
  expect(await auth0.users.connectionId()).toBe('con_0123456789abcdef')
  expect(await auth0.users.connectionId('nope')).toBeUndefined()
  scope.done()
})

it('needs a name when the model has no connection, before any request', async () => {
  await expect(connect({ defaultConnection: undefined }).users.connectionId()).rejects.toThrow(
    InvalidArgument,
  )
})
