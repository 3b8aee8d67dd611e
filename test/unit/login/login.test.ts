import { mkdtemp, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  Auth0Error,
  FileTokenStore,
  InvalidArgument,
  login,
  LoginError,
  logout,
  storedLoginToken,
  type LoginOptions,
} from '../../../src/index.js'
import { resolveTenant } from '../../../src/auth/tenant-address.js'
import { tokenKey } from '../../../src/auth/token-key.js'
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js'
import { NATIVE_APP, OPERATOR, submitLogin } from '../../emulator/authorize-helpers.js'

const VIEWER = { email: 'viewer@acdc.test', password: 'Passw0rd!viewer' }

let tenant: RunningEmulator
let store: FileTokenStore
/** What the scripted browser saw on the callback page. */
let pages: { status: number; text: string }[]
/** The scripted browser's visits, to wait for what it saw after `login()` settled. */
let visits: Promise<void>[]

beforeAll(async () => {
  tenant = await startEmulator({
    port: 0,
    clients: [NATIVE_APP],
    loginRule: { role: 'cli' },
    users: [
      { ...OPERATOR, app_metadata: { roles: ['cli'] } },
      { ...VIEWER, app_metadata: { roles: ['viewer'] } },
    ],
  })
})
afterAll(async () => {
  await tenant.stop()
})
beforeEach(async () => {
  store = new FileTokenStore(join(await mkdtemp(join(tmpdir(), 'auth0plus-login-')), 'tokens.json'))
  pages = []
  visits = []
})

/** An opener that logs in as `who` and lands on the callback page, as a person's browser does. */
function browserAs(
  who: { email: string; password: string },
  before?: (callback: URL) => Promise<void>,
) {
  return (url: string) => {
    const visit = (async () => {
      const res = await submitLogin(tenant, url, who)
      const callback = new URL(res.headers.get('location')!)
      await before?.(callback)
      const page = await fetch(callback)
      pages.push({ status: page.status, text: await page.text() })
    })()
    visits.push(visit)
    return visit
  }
}

function options(extra: Partial<LoginOptions> = {}): LoginOptions {
  return {
    domain: tenant.domain,
    clientId: NATIVE_APP.clientId,
    scopes: ['read:users', 'update:users'],
    tokenStore: store,
    onUrl: () => undefined,
    openBrowser: browserAs(OPERATOR),
    ...extra,
  }
}

describe('login()', () => {
  it('runs Authorization Code + PKCE and stores the token for domain + app + audience', async () => {
    const urls: string[] = []
    const token = await login(options({ onUrl: (url) => urls.push(url) }))

    expect(urls).toHaveLength(1)
    const url = new URL(urls[0]!)
    expect(`${url.origin}${url.pathname}`).toBe(`${tenant.domain}/authorize`)
    expect([...url.searchParams.keys()]).toEqual([
      'response_type',
      'client_id',
      'redirect_uri',
      'scope',
      'audience',
      'state',
      'code_challenge',
      'code_challenge_method',
    ])
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: NATIVE_APP.clientId,
      scope: 'read:users update:users',
      audience: tenant.audience,
      code_challenge_method: 'S256',
    })
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)

    expect(token.scope).toBe('read:users update:users')
    expect(String(token)).not.toContain(token.access_token)
    const key = tokenKey(resolveTenant(tenant.domain), NATIVE_APP.clientId)
    expect(await store.get(key)).toEqual({
      access_token: token.access_token,
      expires_at: token.expires_at,
    })
    expect((await stat(store.path)).mode & 0o777).toBe(0o600)
    expect(pages).toEqual([
      { status: 200, text: expect.stringContaining('return to the terminal') },
    ])

    // The callback server is gone: a late replay finds nobody listening.
    const redirectUri = url.searchParams.get('redirect_uri')!
    await expect(fetch(`${redirectUri}?code=x&state=y`)).rejects.toThrow()
  })

  it('hands the token back through storedLoginToken() until it nears expiry, and logout() forgets it', async () => {
    const token = await login(options())
    const session = { domain: tenant.domain, clientId: NATIVE_APP.clientId, tokenStore: store }
    const stored = await storedLoginToken(session)
    expect(stored?.access_token).toBe(token.access_token)
    const late = (token.expires_at - 30) * 1000
    expect(await storedLoginToken({ ...session, now: () => late })).toBeUndefined()
    expect(await logout(session)).toBe(true)
    expect(await storedLoginToken(session)).toBeUndefined()
    expect(await logout(session)).toBe(false)
  })

  it('fails with the tenant’s access_denied when the login rule refuses the user', async () => {
    const failure = await login(options({ openBrowser: browserAs(VIEWER) })).catch(
      (e: unknown) => e,
    )
    expect(failure).toBeInstanceOf(LoginError)
    expect(failure).toMatchObject({ reason: 'denied', error: 'access_denied' })
    expect(String(failure)).toBe(
      'LoginError: The tenant refused the login (access_denied: Only users with the "cli" role may get a Management API token.)',
    )
    await Promise.all(visits)
    expect(pages[0]!.status).toBe(400)
    expect(
      await store.get(tokenKey(resolveTenant(tenant.domain), NATIVE_APP.clientId)),
    ).toBeUndefined()
  })

  it('reports a refused code exchange on the page and as an Auth0Error, without the code', async () => {
    let code = ''
    // Someone else redeems the code first: the real exchange then finds it spent.
    const thief = async (callback: URL) => {
      code = callback.searchParams.get('code')!
      await fetch(`${tenant.domain}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: NATIVE_APP.clientId,
          code,
          code_verifier: 'x'.repeat(43),
          redirect_uri: `${callback.origin}${callback.pathname}`,
        }),
      })
    }
    const failure = await login(options({ openBrowser: browserAs(OPERATOR, thief) })).catch(
      (e: unknown) => e,
    )
    expect(failure).toBeInstanceOf(Auth0Error)
    expect(failure).toMatchObject({ statusCode: 403, errorCode: 'invalid_grant' })
    expect(String(failure)).toBe('403: Invalid authorization code')
    await Promise.all(visits)
    expect(pages[0]!.status).toBe(400)
    expect(pages[0]!.text).toContain('403: Invalid authorization code.')
    expect(pages[0]!.text).not.toContain(code)
  })

  it('times out cleanly when nobody answers, closing the callback server', async () => {
    let url = ''
    const started = Date.now()
    const failure = await login(
      options({ openBrowser: false, timeoutMs: 300, onUrl: (u) => (url = u) }),
    ).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(LoginError)
    expect(failure).toMatchObject({
      reason: 'timeout',
      message: 'The login timed out after 300 ms without an answer from the browser.',
    })
    expect(Date.now() - started).toBeLessThan(5000)
    const redirectUri = new URL(url).searchParams.get('redirect_uri')!
    await expect(fetch(redirectUri)).rejects.toThrow()
  })

  it('is cancelled by its AbortSignal, before or while waiting', async () => {
    const controller = new AbortController()
    const waiting = login(
      options({
        openBrowser: false,
        signal: controller.signal,
        onUrl: () => setTimeout(() => controller.abort(), 20),
      }),
    )
    await expect(waiting).rejects.toMatchObject({ name: 'LoginError', reason: 'cancelled' })

    await expect(login(options({ signal: AbortSignal.abort() }))).rejects.toThrow(
      'The login was cancelled.',
    )
  })

  it('checks its options before listening', async () => {
    await expect(login(options({ scopes: [] }))).rejects.toThrow(InvalidArgument)
    await expect(login(options({ scopes: '  ' }))).rejects.toThrow('Ask for at least one scope')
    await expect(login(options({ clientId: '' }))).rejects.toThrow(InvalidArgument)
    await expect(login(options({ domain: 'ftp://x' }))).rejects.toThrow(InvalidArgument)
    await expect(login(options({ timeoutMs: 0 }))).rejects.toThrow(
      'timeoutMs must be a positive integer',
    )
  })
})
