import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectFromLogin } from '../../src/cli/login-command.js'
import { resolveTenant } from '../../src/auth/tenant-address.js'
import { tokenKey } from '../../src/auth/token-key.js'
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js'
import { NATIVE_APP, OPERATOR, submitLogin } from '../emulator/authorize-helpers.js'
import { isolatedCache, runCli } from './login-helpers.js'

const VIEWER = { email: 'viewer@acdc.test', password: 'Passw0rd!viewer' }
let tenant: RunningEmulator

beforeAll(async () => {
  tenant = await startEmulator({
    port: 0,
    clients: [NATIVE_APP],
    loginRule: { role: 'cli' },
    users: [
      { ...OPERATOR, app_metadata: { roles: ['cli'] } },
      { ...VIEWER, app_metadata: { roles: ['viewer'] } },
      { email: 'angus@acdc.test' },
    ],
  })
})
afterAll(async () => {
  await tenant.stop()
})

const loginArgs = (...extra: string[]) => [
  'login',
  '--domain',
  tenant.domain,
  '--client-id',
  NATIVE_APP.clientId,
  '--port',
  '0',
  '--no-browser',
  ...extra,
]

describe('auth0plus login / logout (CLI)', () => {
  it('prints the URL, logs in, stores the token for the other commands, and logout forgets it', async () => {
    const { env, store } = await isolatedCache()
    const run = runCli(loginArgs('--scopes', 'read:users'), env)
    const url = await run.url
    const answer = await submitLogin(tenant, url)
    const callback = answer.headers.get('location')!
    const page = await fetch(callback)
    expect(await page.text()).toContain('return to the terminal')
    const { code, stdout, stderr } = await run.done
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(
      /^Open this URL in a browser to log in:\nhttp:\/\/127\.0\.0\.1:\d+\/authorize\?.+\nLogged in to http:\/\/127\.0\.0\.1:\d+ \(read:users\); the token is valid until \d{4}-.+Z\.\n$/,
    )

    // Nothing secret was printed: not the code, not the token.
    const saved = await store.get(tokenKey(resolveTenant(tenant.domain), NATIVE_APP.clientId))
    expect(saved).toBeDefined()
    expect(stdout).not.toContain(new URL(callback).searchParams.get('code')!)
    expect(stdout).not.toContain(saved!.access_token)

    const auth0 = await connectFromLogin(tenant.domain, NATIVE_APP.clientId, { tokenStore: store })
    const emails = (await auth0!.users.all().toArray()).map((user) => user.email).sort()
    expect(emails).toEqual(['angus@acdc.test', 'ops@acdc.test', 'viewer@acdc.test'])

    const out = await runCli(
      ['logout', '--domain', tenant.domain, '--client-id', NATIVE_APP.clientId],
      env,
    ).done
    expect(out).toMatchObject({ code: 0, stdout: 'Logged out: the stored token is forgotten.\n' })
    expect(
      await connectFromLogin(tenant.domain, NATIVE_APP.clientId, { tokenStore: store }),
    ).toBeUndefined()
    const again = await runCli(
      ['logout', '--domain', tenant.domain, '--client-id', NATIVE_APP.clientId],
      env,
    ).done
    expect(again.stdout).toBe('Not logged in.\n')
  })

  it('exits 1 with the tenant’s refusal when the login rule denies the user', async () => {
    const { env } = await isolatedCache()
    const run = runCli(loginArgs(), env)
    const answer = await submitLogin(tenant, await run.url, VIEWER)
    await fetch(answer.headers.get('location')!)
    const { code, stderr } = await run.done
    expect(code).toBe(1)
    expect(stderr).toBe(
      'auth0plus login: LoginError: The tenant refused the login (access_denied: Only users with the "cli" role may get a Management API token.)\n',
    )
  })

  it('exits 1 after --timeout, and 130 when interrupted, with a clear message', async () => {
    const { env } = await isolatedCache()
    const slow = runCli(loginArgs('--timeout', '1'), env)
    const timedOut = await slow.done
    expect(timedOut.code).toBe(1)
    expect(timedOut.stderr).toBe(
      'auth0plus login: LoginError: The login timed out after 1 s without an answer from the browser.\n',
    )

    const interrupted = runCli(loginArgs(), env)
    await interrupted.url
    interrupted.child.kill('SIGINT')
    const cancelled = await interrupted.done
    expect(cancelled.code).toBe(130)
    expect(cancelled.stderr).toBe('auth0plus login: LoginError: The login was cancelled.\n')
  })

  it('exits 2 without a tenant or an application', async () => {
    const { env } = await isolatedCache()
    const noApp = await runCli(['login', '--domain', tenant.domain, '--no-browser'], env).done
    expect(noApp.code).toBe(2)
    expect(noApp.stderr).toBe(
      'auth0plus login: usage: InvalidArgument: No native application: pass --client-id or set LOGIN_CLIENT_ID (.env).\n',
    )
    const noDomain = await runCli(['logout'], env).done
    expect(noDomain.code).toBe(2)
    expect(noDomain.stderr).toContain('No tenant: pass --domain or set DOMAIN (.env).')
  })
})
