import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Auth0PlusError, InvalidArgument, SearchLimitExceeded } from '../../../src/errors.js'
import { Job } from '../../../src/model/job.js'
import { api, connect, fakeUser } from '../../support/nock-tenant.js'

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

const ID = 'auth0|000000000000000000000001'
const PATH = `/users/${encodeURIComponent(ID)}`
const OTHER = 'auth0|000000000000000000000002'
const TICKET =
  'https://tenant.example.com/u/reset-password?ticket=vCXrmOFD88EqTjKpvxBEwG7KmlQ0QFmS#'

/** A saved user, as GET /users/{id} answers it. */
async function fetched(n = 1) {
  const id = n === 1 ? ID : OTHER
  const scope = api()
    .get(`/users/${encodeURIComponent(id)}`)
    .reply(200, fakeUser(n))
  const user = await connect().users.get(id)
  scope.done()
  return user
}

/** Asserts that `action` is refused with InvalidArgument and sends nothing. */
async function refused(action: () => Promise<unknown>, message: RegExp) {
  await expect(action()).rejects.toThrow(InvalidArgument)
  await expect(action()).rejects.toThrow(message)
  expect(nock.pendingMocks()).toEqual([])
}

describe('tickets', () => {
  it('passwordChangeTicket POSTs the user id and the options in wire names, and returns the URL', async () => {
    const user = await fetched()
    const scope = api()
      .post('/tickets/password-change', {
        user_id: ID,
        result_url: 'https://app.example/login',
        ttl_sec: 3600,
        mark_email_as_verified: true,
        includeEmailInRedirect: true,
      })
      .reply(201, { ticket: TICKET })
    const url = await user.passwordChangeTicket({
      resultUrl: 'https://app.example/login',
      ttlSec: 3600,
      markEmailAsVerified: true,
      includeEmailInRedirect: true,
    })
    scope.done()
    expect(url).toBe(TICKET)
  })

  it('passwordChangeTicket without options sends only the user id', async () => {
    const user = await fetched()
    const scope = api()
      .post('/tickets/password-change', { user_id: ID })
      .reply(201, { ticket: TICKET })
    expect(await user.passwordChangeTicket()).toBe(TICKET)
    scope.done()
  })

  it('emailVerificationTicket POSTs the user id, options and a secondary identity', async () => {
    const user = await fetched()
    const ticket = 'https://tenant.example.com/u/email-verification?ticket=AiKUD8ty7HJ8fdO3#'
    const scope = api()
      .post('/tickets/email-verification', {
        user_id: ID,
        ttl_sec: 60,
        identity: {
          provider: 'google-oauth2',
          user_id: '1089',
          connection_id: 'con_ftSSLHb0O7rcUGmF',
        },
      })
      .reply(201, { ticket })
    const url = await user.emailVerificationTicket({
      ttlSec: 60,
      identity: { provider: 'google-oauth2', userId: '1089', connectionId: 'con_ftSSLHb0O7rcUGmF' },
    })
    scope.done()
    expect(url).toBe(ticket)
  })

  it('refuses malformed options before any request', async () => {
    const user = await fetched()
    await refused(
      () => user.passwordChangeTicket({ resultUrl: '/login' }),
      /absolute http\(s\) URL/,
    )
    await refused(
      () => user.passwordChangeTicket({ resultUrl: 'javascript:alert(1)' }),
      /absolute http\(s\) URL/,
    )
    await refused(() => user.passwordChangeTicket({ ttlSec: 0 }), /ttlSec .* from 1 to 2592000/)
    await refused(() => user.passwordChangeTicket({ ttlSec: 2_592_001 }), /30 days/)
    await refused(() => user.passwordChangeTicket({ ttlSec: -5 }), /ttlSec/)
    await refused(() => user.passwordChangeTicket({ ttlSec: 1.5 }), /ttlSec/)
    await refused(() => user.passwordChangeTicket({ ttlSec: '3600' as never }), /ttlSec/)
    await refused(
      () => user.passwordChangeTicket({ result_url: 'https://a.example' } as never),
      /no option 'result_url'/,
    )
    await refused(
      () => user.passwordChangeTicket(JSON.parse('{"__proto__":{"x":1}}') as never),
      /no option '__proto__'/,
    )
    await refused(
      () => user.passwordChangeTicket({ markEmailAsVerified: 'yes' } as never),
      /true or false/,
    )
    await refused(
      () => user.emailVerificationTicket({ markEmailAsVerified: true } as never),
      /no option 'markEmailAsVerified'/,
    )
    await refused(
      () => user.emailVerificationTicket({ resultUrl: 'https://a.example', clientId: 'c' }),
      /resultUrl or clientId/,
    )
    await refused(
      () => user.passwordChangeTicket({ resultUrl: 'https://a.example', clientId: 'c' }),
      /resultUrl or clientId/,
    )
    await refused(
      () => user.passwordChangeTicket({ resultUrl: 'https://a.example', organizationId: 'org_1' }),
      /organizationId/,
    )
    await refused(
      () => user.emailVerificationTicket({ identity: { provider: 'auth0' } as never }),
      /identity.userId/,
    )
    await refused(
      () =>
        user.emailVerificationTicket({
          identity: { provider: 'auth0', userId: '1', connectionId: 'Username' },
        }),
      /connectionId is a connection id/,
    )
  })

  it('refuses an unsaved user before any request', async () => {
    const user = new (connect().users)({ email: 'a@b.c' })
    await refused(() => user.passwordChangeTicket(), /no id/)
    const local = new (connect().users)({ user_id: ID })
    await refused(() => local.emailVerificationTicket(), /unsaved User/)
  })
})

describe('the verification e-mail job', () => {
  const pending = {
    type: 'verification_email',
    status: 'pending',
    created_at: '2023-04-18T19:25:53.189Z',
    id: 'job_LUdmtO6C0M42uqSz',
  }

  it('POSTs /jobs/verification-email and returns the pending job', async () => {
    const user = await fetched()
    const scope = api()
      .post('/jobs/verification-email', { user_id: ID, client_id: 'client-9' })
      .reply(201, pending)
    const job = await user.sendVerificationEmail({ clientId: 'client-9' })
    scope.done()
    expect(job).toBeInstanceOf(Job)
    expect(job).toMatchObject({
      id: 'job_LUdmtO6C0M42uqSz',
      status: 'pending',
      type: 'verification_email',
    })
    expect(String(job)).toBe('<Job job_LUdmtO6C0M42uqSz pending>')
    expect(job.done).toBe(false)
  })

  it('{ wait } polls GET /jobs/{id} until completed', async () => {
    const user = await fetched()
    const scope = api()
      .post('/jobs/verification-email', { user_id: ID })
      .reply(201, pending)
      .get('/jobs/job_LUdmtO6C0M42uqSz')
      .reply(200, pending)
      .get('/jobs/job_LUdmtO6C0M42uqSz')
      .reply(200, { ...pending, status: 'completed' })
    const job = await user.sendVerificationEmail({ wait: { interval: 1 } })
    scope.done()
    expect(job.status).toBe('completed')
  })

  it('a failed job rejects wait() and shows failed', async () => {
    const user = await fetched()
    const scope = api()
      .post('/jobs/verification-email', { user_id: ID })
      .reply(201, pending)
      .get('/jobs/job_LUdmtO6C0M42uqSz')
      .reply(200, { ...pending, status: 'failed' })
    const job = await user.sendVerificationEmail()
    await expect(job.wait()).rejects.toThrow(Auth0PlusError)
    scope.done()
    expect(job.status).toBe('failed')
  })

  it('wait() gives up after its timeout, and stops on an aborted signal', async () => {
    const user = await fetched()
    const scope = api()
      .post('/jobs/verification-email', { user_id: ID })
      .reply(201, pending)
      .get('/jobs/job_LUdmtO6C0M42uqSz')
      .twice()
      .reply(200, pending)
    const job = await user.sendVerificationEmail()
    await expect(job.wait({ interval: 50, timeout: 10 })).rejects.toThrow(
      'Job job_LUdmtO6C0M42uqSz is still pending after 10 ms.',
    )
    await expect(job.wait({ interval: 1, signal: AbortSignal.abort() })).rejects.toThrow()
    scope.done()
    await expect(job.wait({ interval: -1 })).rejects.toThrow(InvalidArgument)
  })

  it('a hostile job answer cannot shadow the job methods', async () => {
    const user = await fetched()
    const scope = api()
      .post('/jobs/verification-email', { user_id: ID })
      .reply(201, { ...pending, wait: 'x', refresh: 1 })
    const job = await user.sendVerificationEmail()
    scope.done()
    expect(typeof job.wait).toBe('function')
  })

  it('refuses unknown options and a bad wait before any request', async () => {
    const user = await fetched()
    await refused(
      () => user.sendVerificationEmail({ resultUrl: 'https://a.example' } as never),
      /no option 'resultUrl'/,
    )
    await refused(() => user.sendVerificationEmail({ wait: 'yes' } as never), /wait must be/)
  })
})

describe('identities', () => {
  const primary = {
    connection: 'Username-Password-Authentication',
    user_id: '000000000000000000000001',
    provider: 'auth0',
    isSocial: false,
  }
  const secondary = {
    connection: 'Username-Password-Authentication',
    user_id: '000000000000000000000002',
    provider: 'auth0',
    isSocial: false,
  }

  it("link(user) POSTs the other user's provider and id, refreshes identities and forgets the other", async () => {
    const user = await fetched()
    const other = await fetched(2)
    const scope = api()
      .post(`${PATH}/identities`, { provider: 'auth0', user_id: '000000000000000000000002' })
      .reply(201, [primary, { ...secondary, profileData: { email: 'user2@example.com' } }])
    const identities = await user.link(other)
    scope.done()
    expect(identities).toHaveLength(2)
    expect(user.identities).toEqual(identities)
    expect(other._fetched).toBe(false)
  })

  it('link({ provider, userId, connectionId }) sends them in wire names', async () => {
    const user = await fetched()
    const scope = api()
      .post(`${PATH}/identities`, {
        provider: 'github',
        user_id: '4242',
        connection_id: 'con_ftSSLHb0O7rcUGmF',
      })
      .reply(201, [
        primary,
        { provider: 'github', user_id: '4242', connection: 'github', isSocial: true },
      ])
    await user.link({ provider: 'github', userId: '4242', connectionId: 'con_ftSSLHb0O7rcUGmF' })
    scope.done()
    expect(user.identities?.map((i) => i.provider)).toEqual(['auth0', 'github'])
  })

  it('a linked user saves without sending identities', async () => {
    const user = await fetched()
    const scope = api()
      .post(`${PATH}/identities`, { provider: 'github', user_id: '4242' })
      .reply(201, [
        primary,
        { provider: 'github', user_id: '4242', connection: 'github', isSocial: true },
      ])
    await user.link({ provider: 'github', userId: '4242' })
    scope.done()
    await user.save() // nothing changed: no PATCH (a pending nock would fail afterEach)
  })

  it('unlink DELETEs the identity path and keeps the remaining identities', async () => {
    const user = await fetched()
    const scope = api().delete(`${PATH}/identities/google-oauth2/1089`).reply(200, [primary])
    const remaining = await user.unlink('google-oauth2', '1089')
    scope.done()
    expect(remaining).toEqual([primary])
    expect(user.identities).toEqual([primary])
  })

  it('refuses linking a user to itself, an unsaved user, or malformed identities', async () => {
    const user = await fetched()
    const again = await fetched()
    await refused(() => user.link(again), /to itself/)
    await refused(
      () => user.link({ provider: 'auth0', userId: '000000000000000000000001' }),
      /to itself/,
    )
    await refused(() => user.link({ provider: 'auth0', userId: ID }), /to itself/)
    await refused(() => user.link(new (connect().users)({ email: 'x@y.z' })), /no id/)
    await refused(() => user.link(new (connect().users)({ user_id: OTHER })), /unsaved/)
    await refused(() => user.link({ provider: 'github' } as never), /identity.userId/)
    await refused(
      () => user.link({ provider: 'github', userId: '1', extra: 1 } as never),
      /no field 'extra'/,
    )
    await refused(
      () => new (connect().users)({ user_id: ID }).link({ provider: 'github', userId: '1' }),
      /unsaved/,
    )
  })

  it('refuses unlinking the main identity and dot segments', async () => {
    const user = await fetched()
    await refused(() => user.unlink('auth0', '000000000000000000000001'), /main identity/)
    await refused(() => user.unlink('..', '1'), /would change the request's path/)
    await refused(() => user.unlink('github', ''), /non-empty string/)
  })
})

describe('logs', () => {
  const event = (i: number) => ({
    log_id: `9002023${i}`,
    date: `2023-11-10T11:08:${String(10 + i)}.000Z`,
    type: 's',
  })

  it('is lazy, and reads newest first in pages of 100 with totals', async () => {
    const user = await fetched()
    const logs = user.logs
    expect(logs.compile()).toEqual({
      method: 'GET',
      path: `${PATH}/logs`,
      params: { sort: 'date:-1', page: 0, per_page: 100, include_totals: true },
    })
    const scope = api()
      .get(`${PATH}/logs`)
      .query({ sort: 'date:-1', page: '0', per_page: '100', include_totals: 'true' })
      .reply(200, { start: 0, limit: 100, length: 2, total: 2, logs: [event(2), event(1)] })
    expect((await logs.toArray()).map((e) => e.log_id)).toEqual(['90020232', '90020231'])
    scope.done()
  })

  it('counts with one page of one, and slices with the smallest page that holds it', async () => {
    const user = await fetched()
    const scope = api()
      .get(`${PATH}/logs`)
      .query({ sort: 'date:-1', page: '0', per_page: '1', include_totals: 'true' })
      .reply(200, { start: 0, limit: 1, length: 1, total: 345, logs: [event(1)] })
      .get(`${PATH}/logs`)
      .query({ sort: 'date:-1', page: '6', per_page: '15', include_totals: 'true' })
      .reply(200, {
        start: 90,
        limit: 15,
        length: 15,
        total: 345,
        logs: Array.from({ length: 15 }, (_, i) => event(i)),
      })
    expect(await user.logs.count()).toBe(345)
    expect(await user.logs.slice(95, 105).toArray()).toHaveLength(10)
    scope.done()
  })

  it('past event #1000 fails with SearchLimitExceeded, saying what to do, before any request', async () => {
    const user = await fetched()
    await expect(user.logs.slice(1000, 1010).toArray()).rejects.toThrow(SearchLimitExceeded)
    await expect(user.logs.slice(1000).toArray()).rejects.toThrow(
      /GET \/api\/v2\/logs by from\/take checkpoints, which ignore filters/,
    )
  })

  it('reading every event of a user with more than 1000 fails after the first page', async () => {
    const user = await fetched()
    const scope = api()
      .get(`${PATH}/logs`)
      .query({ sort: 'date:-1', page: '0', per_page: '100', include_totals: 'true' })
      .reply(200, {
        start: 0,
        limit: 100,
        length: 100,
        total: 1500,
        logs: Array.from({ length: 100 }, (_, i) => event(i)),
      })
    await expect(user.logs.toArray()).rejects.toThrow(/matches 1500 log events/)
    scope.done()
  })

  it('needs a saved user', () => {
    expect(() => new (connect().users)({ email: 'a@b.c' }).logs).toThrow(InvalidArgument)
  })
})

describe('blocks', () => {
  it('blocks() GETs /user-blocks/{id}', async () => {
    const user = await fetched()
    const blockedFor = [
      {
        identifier: 'user1@example.com',
        ip: '10.0.0.1',
        connection: 'Username-Password-Authentication',
      },
    ]
    const scope = api()
      .get(`/user-blocks/${encodeURIComponent(ID)}`)
      .reply(200, { blocked_for: blockedFor })
    expect(await user.blocks()).toEqual(blockedFor)
    scope.done()
  })

  it('unblock() DELETEs /user-blocks/{id}', async () => {
    const user = await fetched()
    const scope = api()
      .delete(`/user-blocks/${encodeURIComponent(ID)}`)
      .reply(204)
    await user.unblock()
    scope.done()
  })

  it('unblockIdentifier DELETEs /user-blocks?identifier=…, and refuses an empty one', async () => {
    const users = connect().users
    const scope = api().delete('/user-blocks').query({ identifier: 'angus+1@acdc.com' }).reply(204)
    await users.unblockIdentifier('angus+1@acdc.com')
    scope.done()
    await refused(() => users.unblockIdentifier(''), /identifier/)
    await refused(() => users.unblockIdentifier(undefined as never), /identifier/)
  })
})

describe('authentication methods, remember-browser, sessions and refresh tokens', () => {
  const method = {
    id: 'email|dev_f0O81fTcftc0kN2v',
    type: 'email',
    confirmed: true,
    name: 'Test',
    email: 'chuc****@exam*******',
  }

  it('authenticationMethods lists in pages with totals; an empty list comes without a total', async () => {
    const user = await fetched()
    const scope = api()
      .get(`${PATH}/authentication-methods`)
      .query({ page: '0', per_page: '100', include_totals: 'true' })
      .reply(200, { authenticators: [method], total: 1, start: 0, limit: 100 })
      .get(`${PATH}/authentication-methods`)
      .query({ page: '0', per_page: '1', include_totals: 'true' })
      .reply(200, { authenticators: [], start: 0, limit: 1 })
    expect(await user.authenticationMethods.toArray()).toEqual([method])
    expect(await user.authenticationMethods.count()).toBe(0)
    scope.done()
  })

  it('delete(id) and deleteAll() DELETE one method or all of them', async () => {
    const user = await fetched()
    const scope = api()
      .delete(`${PATH}/authentication-methods/${encodeURIComponent(method.id)}`)
      .reply(204)
      .delete(`${PATH}/authentication-methods`)
      .reply(204)
    await user.authenticationMethods.delete(method.id)
    await user.authenticationMethods.deleteAll()
    scope.done()
  })

  it('delete takes a method read from the set; deleteAll refuses a slice', async () => {
    const user = await fetched()
    const scope = api()
      .delete(`${PATH}/authentication-methods/${encodeURIComponent(method.id)}`)
      .reply(204)
    await user.authenticationMethods.delete(method)
    scope.done()
    await refused(() => user.authenticationMethods.slice(0, 1).deleteAll(), /sliced/)
    await refused(() => user.authenticationMethods.delete('..'), /path/)
  })

  it('invalidateRememberBrowser POSTs without a body; sessions and refresh tokens are DELETEd', async () => {
    const user = await fetched()
    let sent: unknown = 'not called'
    const scope = api()
      .post(`${PATH}/multifactor/actions/invalidate-remember-browser`)
      .reply(204, (_uri, body) => {
        sent = body
        return ''
      })
      .delete(`${PATH}/sessions`)
      .reply(202, {})
      .delete(`${PATH}/refresh-tokens`)
      .reply(202, {})
    await user.invalidateRememberBrowser()
    await user.revokeSessions()
    await user.revokeRefreshTokens()
    scope.done()
    expect(sent).toBe('')
  })

  it('each needs a saved user', async () => {
    const local = new (connect().users)({ user_id: ID })
    await refused(() => local.invalidateRememberBrowser(), /unsaved/)
    await refused(() => local.revokeSessions(), /unsaved/)
    await refused(() => local.revokeRefreshTokens(), /unsaved/)
    await refused(() => local.blocks(), /unsaved/)
    await refused(() => local.unblock(), /unsaved/)
    expect(() => local.authenticationMethods).toThrow(/unsaved/)
  })
})

describe('a hostile user answer', () => {
  it('cannot replace or trigger the account methods and accessors', async () => {
    const scope = api()
      .get(PATH)
      .reply(200, { ...fakeUser(1), logs: 'x', link: 1, password: 'set-by-server', save: 2 })
    const user = await connect().users.get(ID)
    scope.done()
    expect(typeof user.link).toBe('function')
    expect(typeof user.save).toBe('function')
    expect(() => user.password).toThrow("'User' object does not have a new password")
    expect(user.logs.compile().path).toBe(`${PATH}/logs`)
  })
})
