import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authorizeRequest, NATIVE_APP } from './authorize-helpers.js'
import { api, createUser, startTenant, type TestTenant } from './helpers.js'

/** Debian's package; CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) {
  console.warn(
    `ticket-browser.test.ts: SKIPPING the headless-browser ticket test: ${CHROMIUM} is missing (Debian: apt-get install chromium; or set CHROMIUM_PATH).`,
  )
}

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

let tenant: TestTenant
/** The application the ticket sends the browser back to (a loopback page). */
let app: Server
let appOrigin: string

beforeAll(async () => {
  tenant = await startTenant({ clients: [NATIVE_APP] })
  app = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>App</h1>'),
  )
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve))
  appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`
})
afterAll(async () => {
  await tenant.stop()
  await new Promise((resolve) => app.close(resolve))
})

describe('a password-change ticket in a real browser', () => {
  it.skipIf(!hasChromium)(
    'headless Chromium opens the link, sets a password, lands on result_url, and logs in with it',
    { timeout: 90_000 },
    async () => {
      const { chromium } = await import('playwright-core')
      const user = await createUser(tenant, { email: 'browser@tickets.test' })
      const { body } = await api(tenant, 'POST', '/tickets/password-change', {
        body: {
          user_id: user.user_id,
          result_url: `${appOrigin}/reset-done`,
          includeEmailInRedirect: true,
        },
      })
      const context = await chromium.launchPersistentContext(
        await mkdtemp(join(tmpdir(), 'auth0plus-chromium-')),
        { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS },
      )
      try {
        const page = await context.newPage()
        await page.goto(body.ticket)
        // The policy first: a weak password shows the form again with Auth0's reason.
        await page.fill('#password', 'weak')
        await page.fill('#confirm_password', 'weak')
        await page.click('button[type=submit]')
        await expect(page.locator('[role=alert]').textContent()).resolves.toBe(
          'Password is too weak',
        )
        await page.fill('#password', 'Br0wser-Passw0rd')
        await page.fill('#confirm_password', 'Br0wser-Passw0rd')
        await Promise.all([
          page.waitForURL(`${appOrigin}/reset-done**`),
          page.click('button[type=submit]'),
        ])
        const landed = new URL(page.url())
        expect(landed.searchParams.get('success')).toBe('true')
        expect(landed.searchParams.get('email')).toBe('browser@tickets.test')

        // The login page takes the new password; the app's callback (the loopback page) gets a code.
        const { url, redirectUri } = authorizeRequest(tenant, {
          redirect_uri: `${appOrigin}/callback`,
        })
        await page.goto(url)
        await page.fill('#username', 'browser@tickets.test')
        await page.fill('#password', 'Br0wser-Passw0rd')
        await Promise.all([page.waitForURL(`${redirectUri}**`), page.click('button[type=submit]')])
        expect(new URL(page.url()).searchParams.get('code')).toBeTruthy()

        // The link works once.
        const again = await page.goto(body.ticket)
        expect(again?.status()).toBe(400)
      } finally {
        await context.close()
      }
    },
  )
})
