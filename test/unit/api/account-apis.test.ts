import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { UnexpectedAnswer } from '../../../src/errors.js'
import { api, connect, fakeUser } from '../../support/nock-tenant.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

const ID = 'auth0|000000000000000000000001'
const PATH = `/users/${encodeURIComponent(ID)}`

async function fetched() {
  const scope = api().get(PATH).reply(200, fakeUser(1))
  const user = await connect().users.get(ID)
  scope.done()
  return user
}

describe('account answers of the wrong shape are refused', () => {
  it('a ticket answer without a ticket URL', async () => {
    const user = await fetched()
    const scope = api().post('/tickets/password-change', { user_id: ID }).reply(201, { url: 'x' })
    await expect(user.passwordChangeTicket()).rejects.toThrow(UnexpectedAnswer)
    scope.done()
  })

  it('a job answer without an id', async () => {
    const user = await fetched()
    const scope = api().post('/jobs/verification-email', { user_id: ID }).reply(201, [])
    await expect(user.sendVerificationEmail()).rejects.toThrow(
      'a list of 0 where a job was expected',
    )
    scope.done()
  })

  it('blocks answered as a bare list', async () => {
    const user = await fetched()
    const scope = api()
      .get(`/user-blocks/${encodeURIComponent(ID)}`)
      .reply(200, [])
    await expect(user.blocks()).rejects.toThrow(UnexpectedAnswer)
    scope.done()
  })

  it('identities answered as an object', async () => {
    const user = await fetched()
    const scope = api().delete(`${PATH}/identities/github/1`).reply(200, { identities: [] })
    await expect(user.unlink('github', '1')).rejects.toThrow(UnexpectedAnswer)
    scope.done()
    expect(user.identities).toHaveLength(1) // unchanged
  })

  it('a logs page without a numeric total', async () => {
    const user = await fetched()
    const scope = api().get(`${PATH}/logs`).query(true).reply(200, [])
    await expect(user.logs.count()).rejects.toThrow('a page of log events with a numeric total')
    scope.done()
  })

  it('authentication methods without a total are refused unless the list is empty', async () => {
    const user = await fetched()
    const scope = api()
      .get(`${PATH}/authentication-methods`)
      .query(true)
      .reply(200, { authenticators: [{ id: 'totp|dev_1', type: 'totp' }], start: 0, limit: 100 })
    await expect(user.authenticationMethods.toArray()).rejects.toThrow(UnexpectedAnswer)
    scope.done()
  })
})
