import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js'
import { NATIVE_APP, OPERATOR } from '../emulator/authorize-helpers.js'
import { isolatedCache, runCli } from './login-helpers.js'
import { storedLoginToken } from '../../src/index.js'

/** Debian's package; CHROMIUM_PATH points elsewhere (and lets the skip path be checked). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) {
  // Never a silent skip: say what is missing and how CI gets it.
  console.warn(
    `login-browser.test.ts: SKIPPING the headless-browser login test: ${CHROMIUM} is missing (Debian: apt-get install chromium; or set CHROMIUM_PATH).`,
  )
}

/** Flags for a quiet, reproducible headless run: no sandbox (containers), no network chatter. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

let tenant: RunningEmulator

beforeAll(async () => {
  tenant = await startEmulator({
    port: 0,
    clients: [NATIVE_APP],
    loginRule: { role: 'cli' },
    users: [
      { ...OPERATOR, app_metadata: { roles: ['cli'] } },
      { email: 'angus@acdc.test' },
      { email: 'malcolm@acdc.test' },
    ],
  })
})
afterAll(async () => {
  await tenant.stop()
})

describe('auth0plus login in a real browser', () => {
  it.skipIf(!hasChromium)(
    'headless Chromium fills in the emulator’s login page; the CLI gets a token that lists users',
    { timeout: 90_000 },
    async () => {
      const { chromium } = await import('playwright-core')
      const { env, store } = await isolatedCache()
      const userDataDir = await mkdtemp(join(tmpdir(), 'auth0plus-chromium-'))
      const run = runCli(
        [
          'login',
          '--domain',
          tenant.domain,
          '--client-id',
          NATIVE_APP.clientId,
          '--scopes',
          'read:users',
          '--port',
          '0',
          '--no-browser',
        ],
        env,
      )
      const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
      })
      try {
        const page = await context.newPage()
        await page.goto(await run.url)
        expect(new URL(page.url()).pathname).toBe('/u/login')

        // A wrong password first: the page says so and keeps the e-mail.
        await page.fill('#username', OPERATOR.email)
        await page.fill('#password', 'Not-the-password1')
        await page.click('button[type=submit]')
        await expect.poll(() => page.textContent('[role=alert]')).toBe('Wrong email or password.')
        expect(await page.inputValue('#username')).toBe(OPERATOR.email)

        await page.fill('#password', OPERATOR.password)
        await Promise.all([
          page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/),
          page.click('button[type=submit]'),
        ])
        expect(await page.textContent('h1')).toBe('You are logged in')
        expect(await page.textContent('body')).toContain('return to the terminal')
      } finally {
        await context.close()
        await rm(userDataDir, { recursive: true, force: true })
      }

      const { code, stdout, stderr } = await run.done
      expect(stderr).toBe('')
      expect(code).toBe(0)
      expect(stdout).toContain('Logged in to http://127.0.0.1:')

      // Every users command now runs on the stored token: no machine secret in the environment.
      const list = await runCli(['users', 'list', '--json', '--all-connections'], {
        ...env,
        DOMAIN: tenant.domain,
        LOGIN_CLIENT_ID: NATIVE_APP.clientId,
        CLIENT_ID: '',
        CLIENT_SECRET: '',
      }).done
      expect(list.code).toBe(0)
      const emails = list.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { email: string }).email)
        .sort()
      expect(emails).toEqual(['angus@acdc.test', 'malcolm@acdc.test', 'ops@acdc.test'])
      const token = await storedLoginToken({
        domain: tenant.domain,
        clientId: NATIVE_APP.clientId,
        tokenStore: store,
      })
      expect(token).toBeDefined()
      expect(list.stdout + list.stderr).not.toContain(token!.access_token)
    },
  )
})
