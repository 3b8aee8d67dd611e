import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  Auth0,
  DoesNotExist,
  InvalidArgument,
  Job,
  SearchLimitExceeded,
  type User,
} from '../../../src/index.js'
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js'

const PASSWORD = 'Let-there-be-rock-77'
let tenant: RunningEmulator
let auth0: Auth0
let n = 0

beforeAll(async () => {
  tenant = await startEmulator({
    port: 0,
    users: [
      {
        email: 'mfa@acdc.com',
        authentication_methods: [
          { type: 'email', email: 'mfa@acdc.com', name: 'Work' },
          { type: 'totp', name: 'Phone app' },
        ],
      } as never,
    ],
  })
  auth0 = new Auth0(tenant.domain, {
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    defaultConnection: tenant.connection,
  })
})
afterAll(() => tenant.stop())

/** A fresh user of its own for each test. */
function newUser(fields: Record<string, unknown> = {}): Promise<User> {
  n++
  return auth0.users.create({ email: `member${n}@acdc.com`, password: PASSWORD, ...fields })
}

/** Follows a link the way a browser would, without following the redirect. */
async function open(url: string, init: RequestInit = {}) {
  const res = await fetch(url, { redirect: 'manual', ...init })
  return { status: res.status, location: res.headers.get('location'), text: await res.text() }
}

describe('tickets', { timeout: 30_000 }, () => {
  it('a password-change ticket opens a page that sets the password and returns to resultUrl', async () => {
    const user = await newUser()
    const url = await user.passwordChangeTicket({
      resultUrl: 'https://app.example/login',
      ttlSec: 600,
    })
    expect(url.startsWith(`${tenant.domain}/`)).toBe(true)
    expect((await open(url)).status).toBe(200)
    const form = new URLSearchParams({
      password: 'Highway-to-hell-1979',
      confirm_password: 'Highway-to-hell-1979',
    })
    const posted = await open(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    })
    expect(posted.status).toBe(302)
    expect(posted.location).toMatch(/^https:\/\/app\.example\/login\?/)
    // A used ticket is refused.
    expect((await open(url)).status).toBeGreaterThanOrEqual(400)
    const [latest] = await user.logs.slice(0, 1).toArray()
    expect(latest).toMatchObject({ type: 'scp', user_id: user.user_id })
  })

  it('an e-mail verification ticket marks the e-mail verified', async () => {
    const user = await newUser({ email_verified: false })
    const url = await user.emailVerificationTicket({ resultUrl: 'https://app.example/verified' })
    const opened = await open(url)
    expect(opened.status).toBe(302)
    expect(opened.location).toMatch(/^https:\/\/app\.example\/verified/)
    await user.refresh()
    expect(user.email_verified).toBe(true)
  })

  it('the emulator refuses what the library lets through to it (an unknown client id)', async () => {
    const user = await newUser()
    await expect(user.passwordChangeTicket({ clientId: 'no-such-client' })).rejects.toThrow(
      'The client does not exist',
    )
  })
})

describe('the verification e-mail', { timeout: 30_000 }, () => {
  it('is a job that completes, and lands in the outbox with its link', async () => {
    const user = await newUser({ email_verified: false })
    const job = await user.sendVerificationEmail({ wait: { interval: 10 } })
    expect(job).toBeInstanceOf(Job)
    expect(job).toMatchObject({ type: 'verification_email', status: 'completed' })
    const [mail] = tenant.outbox.list({ to: user.email })
    expect(mail).toMatchObject({ template: 'verify_email', userId: user.user_id })
    expect((await open(mail!.link!)).status).toBe(200) // no result_url: a "verified" page
    expect((await user.refresh()).email_verified).toBe(true)
  })
})

describe('identities', { timeout: 30_000 }, () => {
  it('link moves the other account into this one; unlink makes it a user again', async () => {
    const primary = await newUser()
    const secondary = await newUser()
    const secondaryId = secondary.user_id!
    const identities = await primary.link(secondary)
    expect(identities.map((i) => `${i.provider}|${String(i.user_id)}`)).toEqual([
      primary.user_id,
      secondaryId,
    ])
    expect(primary.identities).toEqual(identities)
    expect(secondary._fetched).toBe(false)
    await expect(auth0.users.get(secondaryId)).rejects.toThrow(DoesNotExist)
    expect((await auth0.users.get(primary.user_id!)).identities).toHaveLength(2)

    const [provider, bare] = secondaryId.split('|') as [string, string]
    const rest = await primary.unlink(provider, bare)
    expect(rest).toHaveLength(1)
    expect((await auth0.users.get(secondaryId)).user_id).toBe(secondaryId)
  })

  it('refuses linking a user to itself before asking, as Auth0 would refuse it', async () => {
    const user = await newUser()
    const same = await auth0.users.get(user.user_id!)
    await expect(user.link(same)).rejects.toThrow(InvalidArgument)
  })
})

describe('logs', { timeout: 30_000 }, () => {
  it('are newest first, countable and sliceable', async () => {
    const user = await newUser({ email_verified: false })
    await user.emailVerificationTicket().then(open)
    await user.sendVerificationEmail({ wait: { interval: 10 } })
    const types = (await user.logs.toArray()).map((event) => event.type)
    expect(types.indexOf('sv')).toBeGreaterThan(types.indexOf('svr'))
    const dates = (await user.logs.toArray()).map((event) => Date.parse(String(event.date)))
    expect(dates).toEqual([...dates].sort((a, b) => b - a))
    expect(await user.logs.count()).toBe(types.length)
    expect(await user.logs.slice(1, 2).toArray()).toEqual([(await user.logs.toArray())[1]])
    await expect(user.logs.slice(1000).toArray()).rejects.toThrow(SearchLimitExceeded)
  })
})

describe('blocks, MFA, sessions', { timeout: 30_000 }, () => {
  it('a user without brute-force blocks has none, and unblocking is harmless', async () => {
    const user = await newUser()
    expect(await user.blocks()).toEqual([])
    await user.unblock()
    await auth0.users.unblockIdentifier(user.email!)
  })

  it('authentication methods are listed, deleted one by one, then all', async () => {
    const user = await auth0.users.get({ email: 'mfa@acdc.com' })
    const methods = await user.authenticationMethods.toArray()
    expect(methods.map((m) => m.type).sort()).toEqual(['email', 'totp'])
    expect(await user.authenticationMethods.count()).toBe(2)
    await user.authenticationMethods.delete(methods[0]!)
    expect(await user.authenticationMethods.count()).toBe(1)
    await user.authenticationMethods.deleteAll()
    expect(await user.authenticationMethods.toArray()).toEqual([])
  })

  it('remembered browsers, sessions and refresh tokens are revoked', async () => {
    const user = await newUser()
    await user.invalidateRememberBrowser()
    await user.revokeSessions()
    await user.revokeRefreshTokens()
  })
})
