import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DoesNotExist, InvalidArgument } from '../../../src/errors.js'
import { api, connect } from '../../support/nock-tenant.js'

const IDENTIFIER = 'https://reports.example'
const ENCODED = encodeURIComponent(IDENTIFIER)
const REPORTS = {
  id: '69a006b6f39293776f28ab5d',
  name: 'Reports',
  identifier: IDENTIFIER,
  scopes: [{ value: 'read:reports' }],
  allow_offline_access: false,
  token_lifetime: 86400,
  signing_alg: 'RS256',
}
const NOT_FOUND = {
  statusCode: 404,
  error: 'Not Found',
  message: 'The resource server does not exist',
  errorCode: 'inexistent_resource_server',
}

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

describe('auth0.resourceServers', () => {
  it('get(identifier) and get({ identifier }) are GET /resource-servers/{encoded identifier}', async () => {
    const scope = api().get(`/resource-servers/${ENCODED}`).twice().reply(200, REPORTS)
    const apis = connect().resourceServers
    expect(String(await apis.get(IDENTIFIER))).toBe(`<ResourceServer ${IDENTIFIER}>`)
    expect((await apis.get({ identifier: IDENTIFIER })).id).toBe(REPORTS.id)
    scope.done()
  })

  it('getOrCreate: a 404 becomes a POST of identifier ∪ defaults', async () => {
    const defaults = {
      name: 'Reports',
      scopes: [{ value: 'read:reports' }],
      enforce_policies: true,
      token_dialect: 'access_token_authz' as const,
    }
    const scope = api()
      .get(`/resource-servers/${ENCODED}`)
      .reply(404, NOT_FOUND)
      .post('/resource-servers', { identifier: IDENTIFIER, ...defaults })
      .reply(201, { ...REPORTS, enforce_policies: true, token_dialect: 'access_token_authz' })
    const [server, created] = await connect().resourceServers.getOrCreate({
      identifier: IDENTIFIER,
      defaults,
    })
    expect(created).toBe(true)
    expect(server.token_dialect).toBe('access_token_authz')
    scope.done()
  })

  it('save() PATCHes only what changed, never the id or the identifier; scopes go whole', async () => {
    const scopes = [{ value: 'read:reports' }, { value: 'write:reports' }]
    const scope = api()
      .get(`/resource-servers/${ENCODED}`)
      .reply(200, REPORTS)
      .patch(`/resource-servers/${REPORTS.id}`, { scopes })
      .reply(200, { ...REPORTS, scopes })
    const server = await connect().resourceServers.get(IDENTIFIER)
    server.scopes = scopes
    server.identifier = 'https://changed.example'
    await server.save()
    expect(server.identifier).toBe(IDENTIFIER)
    scope.done()
  })

  it('all() pages with totals first, as Auth0 answers; query({ identifier }) filters', async () => {
    const scope = api()
      .get('/resource-servers')
      .query({ page: '0', per_page: '100', include_totals: 'true' })
      .reply(200, { total: 1, start: 0, limit: 100, resource_servers: [REPORTS] })
      .get('/resource-servers')
      .query({
        identifiers: IDENTIFIER,
        page: '0',
        per_page: '1',
        include_totals: 'true',
        fields: 'id',
        include_fields: 'true',
      })
      .reply(200, { total: 1, start: 0, limit: 1, resource_servers: [{ id: REPORTS.id }] })
    const apis = connect().resourceServers
    expect((await apis.all().toArray()).map(String)).toEqual([`<ResourceServer ${IDENTIFIER}>`])
    expect(await apis.query({ identifier: IDENTIFIER }).count()).toBe(1)
    expect(() => apis.query({ name: 'Reports' })).toThrow(InvalidArgument)
    scope.done()
  })

  it('delete() is idempotent as on Auth0; an unknown identifier is DoesNotExist on get', async () => {
    const scope = api()
      .delete(`/resource-servers/${REPORTS.id}`)
      .reply(204)
      .get('/resource-servers/https%3A%2F%2Fnope')
      .reply(404, NOT_FOUND)
    const apis = connect().resourceServers
    await apis.delete(REPORTS.id)
    await expect(apis.get('https://nope')).rejects.toThrow(DoesNotExist)
    await expect(apis.get('..')).rejects.toThrow(InvalidArgument)
    scope.done()
  })
})
