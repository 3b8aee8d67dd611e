import { afterEach, describe, expect, it } from 'vitest'
import {
  startCallbackServer,
  type CallbackServer,
} from '../../../src/login/login-callback-server.js'
import { LoginError } from '../../../src/login/login-error.js'

const STATE = 'expected-state-0123456789'
const servers: CallbackServer[] = []

async function start(port = 0): Promise<CallbackServer> {
  const server = await startCallbackServer({ state: STATE, port })
  servers.push(server)
  return server
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

const visit = (server: CallbackServer, query: Record<string, string>, path = '/callback') =>
  fetch(`${server.redirectUri.replace('/callback', path)}?${new URLSearchParams(query)}`)

describe('the login callback server', () => {
  it('listens on a free loopback port and builds its redirect URI from it', async () => {
    const server = await start()
    expect(server.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(Number(new URL(server.redirectUri).port)).toBeGreaterThan(0)
  })

  it('resolves the code, holds the page until finish(), then shows the success page', async () => {
    const server = await start()
    const page = visit(server, { code: 'the-code', state: STATE })
    expect(await server.code).toBe('the-code')
    await server.finish()
    const res = await page
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('You can close this tab and return to the terminal.')
  })

  it('shows the failure on the held page when the exchange fails', async () => {
    const server = await start()
    const page = visit(server, { code: 'the-code', state: STATE })
    await server.code
    await server.finish('403: Failed to verify code verifier.')
    const res = await page
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Login failed')
    expect(html).toContain('403: Failed to verify code verifier.')
  })

  it('refuses a mismatched or missing state and fails the login', async () => {
    const queries: Record<string, string>[] = [{ code: 'c', state: 'forged' }, { code: 'c' }]
    for (const query of queries) {
      const server = await start()
      const res = await visit(server, query)
      expect(res.status).toBe(400)
      expect(await res.text()).toContain('This answer does not belong to the login in progress.')
      const failure = await server.code.catch((err: unknown) => err)
      expect(failure).toBeInstanceOf(LoginError)
      expect(failure).toMatchObject({ reason: 'state_mismatch' })
    }
  })

  it('refuses a replayed callback once the login is answered', async () => {
    const server = await start()
    const first = visit(server, { code: 'the-code', state: STATE })
    await server.code
    const replay = await visit(server, { code: 'the-code', state: STATE })
    expect(replay.status).toBe(400)
    expect(await replay.text()).toContain('a replayed answer is refused')
    await server.finish()
    expect((await first).status).toBe(200)
  })

  it('turns an error redirect into a LoginError with the tenant’s words', async () => {
    const server = await start()
    const res = await visit(server, {
      error: 'access_denied',
      error_description: 'Only users with the "cli" role may get a Management API token.',
      state: STATE,
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('access_denied: Only users with the &quot;cli&quot; role')
    await expect(server.code).rejects.toThrow(
      'The tenant refused the login (access_denied: Only users with the "cli" role may get a Management API token.)',
    )
    await expect(server.code).rejects.toMatchObject({ reason: 'denied', error: 'access_denied' })
  })

  it('fails a callback with neither code nor error', async () => {
    const server = await start()
    expect((await visit(server, { state: STATE })).status).toBe(400)
    await expect(server.code).rejects.toMatchObject({ reason: 'invalid_callback' })
  })

  it('answers 404 elsewhere and 405 to other methods, without deciding the login', async () => {
    const server = await start()
    expect((await visit(server, {}, '/favicon.ico')).status).toBe(404)
    const post = await fetch(server.redirectUri, { method: 'POST' })
    expect(post.status).toBe(405)
    const page = visit(server, { code: 'later', state: STATE })
    expect(await server.code).toBe('later')
    await server.finish()
    expect((await page).status).toBe(200)
  })

  it('close(reason) fails a waiting login with that reason and stops listening', async () => {
    const server = await start()
    await server.close(new LoginError('timeout', 'timed out'))
    await expect(server.code).rejects.toMatchObject({ reason: 'timeout', message: 'timed out' })
    await expect(fetch(server.redirectUri)).rejects.toThrow()
  })

  it('close() answers a held browser request instead of leaving it hanging', async () => {
    const server = await start()
    const page = visit(server, { code: 'c', state: STATE })
    await server.code
    await server.close(new LoginError('cancelled', 'The login was cancelled.'))
    const res = await page
    expect(res.status).toBe(500)
    expect(await res.text()).toContain('The login was cancelled.')
  })

  it('reports a port that is taken as a LoginError', async () => {
    const taken = await start()
    const port = Number(new URL(taken.redirectUri).port)
    await expect(startCallbackServer({ state: STATE, port })).rejects.toMatchObject({
      name: 'LoginError',
      reason: 'listen',
      message: `Cannot listen on 127.0.0.1:${port} for the login callback (EADDRINUSE)`,
    })
  })
})
