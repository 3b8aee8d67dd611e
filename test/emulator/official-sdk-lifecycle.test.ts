import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSdkClient } from './fixtures/run-sdk-client.js'
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js'
import { NATIVE_APP } from './authorize-helpers.js'

let tenant: RunningEmulator
let out: Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the child

beforeAll(async () => {
  tenant = await startEmulator({
    port: 0,
    https: true,
    clients: [NATIVE_APP],
    bruteForce: { threshold: 2 },
    users: [
      {
        email: 'ann@sdk.test',
        password: 'Passw0rd!ann',
        authentication_methods: [
          { type: 'email', email: 'ann.mfa@example.com', name: 'Work' },
          { type: 'totp', name: 'App' },
        ],
      },
    ],
  })
  out = await runSdkClient(tenant, './sdk-lifecycle-client.ts', [NATIVE_APP.clientId], 60_000)
}, 70_000)
afterAll(() => tenant.stop())

const types = (events: { type: string }[]) => events.map((event) => event.type)

describe('the official auth0 Node SDK (v7) through the account lifecycle', () => {
  it('tickets.changePassword / verifyEmail return working ticket URLs', async () => {
    const origin = `https://127.0.0.1:${tenant.port}`
    expect(out.changePassword.ticket).toMatch(
      new RegExp(`^${origin}/u/reset-password\\?ticket=[A-Za-z0-9]{32}#$`),
    )
    expect(out.changePasswordByEmail.ticket).toMatch(/\/u\/reset-password\?ticket=/)
    expect(out.verifyEmail.ticket).toMatch(/\/u\/email-verification\?ticket=[A-Za-z0-9]{32}#$/)
    expect(out.ticketError).toMatchObject({
      name: 'NotFoundError',
      statusCode: 404,
      body: { errorCode: 'inexistent_user' },
    })
  })

  it('jobs.verificationEmail.create → pending, jobs.get → completed; the e-mail is in the outbox', () => {
    expect(out.job).toMatchObject({ type: 'verification_email', status: 'pending' })
    expect(out.jobLater).toEqual({ ...out.job, status: 'completed' })
    const mail = tenant.outbox
      .list({ to: 'ann@sdk.test' })
      .find((m) => m.template === 'verify_email')
    expect(mail?.link).toMatch(/\/u\/email-verification\?ticket=/)
  })

  it('userBlocks.list / listByIdentifier / delete / deleteByIdentifier', () => {
    expect(out.failedLogins).toEqual([400, 429])
    const block = { identifier: 'ann@sdk.test', ip: '127.0.0.1', connection: tenant.connection }
    expect(out.blocks).toEqual({ blocked_for: [block] })
    expect(out.blocksByIdentifier).toEqual({ blocked_for: [block] })
    expect(out.blocksAfterDelete).toEqual({ blocked_for: [] })
    expect(out.blocksAfterDeleteByIdentifier).toEqual({ blocked_for: [] })
  })

  it('users.authenticationMethods.list / delete / deleteAll, multifactor, sessions, refresh tokens', () => {
    expect(out.methods).toHaveLength(2)
    expect(out.methods[0]).toMatchObject({ type: 'email', email: 'ann.***@exam*******' })
    expect(out.methodsAfterDelete.map((m: { type: string }) => m.type)).toEqual(['totp'])
    expect(out.methodsAfterDeleteAll).toEqual([])
    expect(out.invalidateRememberBrowser).toBeUndefined()
    expect(out.sessions).toBeUndefined()
    expect(out.refreshTokens).toBeUndefined()
  })

  it('users.identities.link / delete move the identity and bring the user back', () => {
    expect(out.linked).toHaveLength(2)
    expect(out.linked[1]).toMatchObject({
      provider: 'auth0',
      connection: tenant.connection,
      profileData: { email: 'bob@sdk.test' },
    })
    expect(out.bobAfterLink).toMatchObject({ name: 'NotFoundError', statusCode: 404 })
    expect(out.unlinked).toHaveLength(1)
    expect(out.bobAfterUnlink).toMatchObject({ email: 'bob@sdk.test' })
    expect(out.selfLink).toMatchObject({
      name: 'BadRequestError',
      statusCode: 400,
      body: { message: 'Main identity and the new one are the same.' },
    })
  })

  it('users.logs.list and logs.list page through the events, newest first; logs.get reads one', () => {
    expect(types(out.userLogs)).toEqual([
      'ublkdu',
      'limit_wc',
      'fp',
      'fp',
      'ublkdu',
      'limit_wc',
      'fp',
      'fp',
      'svr',
    ])
    expect(out.userLogsPage).toMatchObject({ start: 0, limit: 2, length: 2, total: 9 })
    expect(out.logs.length).toBeGreaterThan(out.userLogs.length)
    expect(out.logs[0].description).toBe('Unlink a User Account')
    expect(new Set(types(out.sapiLogs))).toEqual(new Set(['sapi']))
    expect(out.sapiLogs.map((e: { description: string }) => e.description)).toContain(
      'Create a password change ticket',
    )
    expect(out.oneLog).toEqual(out.logs[0])
  })
})
