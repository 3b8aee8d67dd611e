import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { createServer as createHttpServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisTokenStore } from '../../../src/auth/redis-token-store.js'

/*
 * Against a real redis-server (Debian's, which .ci/run installs) started on a free port, and a
 * local token endpoint that counts the requests it answers.
 */

const REDIS = '/usr/bin/redis-server'
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
const CHILD = new URL('./redis-token-child.ts', import.meta.url).pathname
const CLIENT_ID = 'fleet-client-id-7Hq2'
const CLIENT_SECRET = 'fleet-secret-Zx81vQ'

let redis: ChildProcess | undefined
let redisUrl: string
let tokenServer: Server
let domain: string
let tokenRequests = 0
/** How long the token endpoint takes, so that every process asks while the first one waits. */
const ANSWER_MS = 400

/** A JWT-shaped token (the store reads its `exp`), unique per request. */
function jwt(exp: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'none' })}.${part({ exp, n: tokenRequests })}.sig`
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise((done) => server.close(done))
  return port
}

beforeAll(async () => {
  if (!existsSync(REDIS)) return
  const port = await freePort()
  redis = spawn(
    REDIS,
    ['--port', `${port}`, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  for await (const line of createInterface({ input: redis.stdout! })) {
    if (line.includes('Ready to accept connections')) break
  }
  redisUrl = `redis://127.0.0.1:${port}`
  tokenServer = createHttpServer((req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/oauth/token')) {
      res.statusCode = 404
      return res.end()
    }
    tokenRequests++
    const expiresIn = 86_400
    const body = JSON.stringify({
      access_token: jwt(Math.floor(Date.now() / 1000) + expiresIn),
      token_type: 'Bearer',
      expires_in: expiresIn,
    })
    setTimeout(() => res.end(body), ANSWER_MS)
  })
  await new Promise<void>((done) => tokenServer.listen(0, '127.0.0.1', done))
  domain = `http://127.0.0.1:${(tokenServer.address() as { port: number }).port}`
}, 30_000)

afterAll(async () => {
  tokenServer?.close()
  redis?.kill()
})

describe.skipIf(!existsSync(REDIS))('RedisTokenStore on a real redis-server', () => {
  it('gives a fleet of processes renewing at once one token request, and the same token', async () => {
    const children = Array.from({ length: 5 }, () =>
      spawn(process.execPath, ['--import', TSX, CHILD], {
        env: {
          PATH: process.env.PATH ?? '',
          REDIS_URL: redisUrl,
          DOMAIN: domain,
          CLIENT_ID,
          CLIENT_SECRET,
        },
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    )
    const lines = children.map((child) =>
      createInterface({ input: child.stdout! })[Symbol.asyncIterator](),
    )
    // Everyone connected, then everyone asks at once.
    for (const next of lines) expect((await next.next()).value).toBe('ready')
    for (const child of children) child.stdin!.end('go\n')
    const answers = await Promise.all(
      lines.map(async (next) => (await next.next()).value as string),
    )
    await Promise.all(children.map((child) => once(child, 'exit')))

    expect(tokenRequests).toBe(1)
    expect(new Set(answers).size).toBe(1)
    expect(answers[0]).toMatch(/^token [0-9a-f]{64}$/)

    // Redis holds one token, under a hash: no client id, no secret, no lock left behind.
    const client = await createClient({ url: redisUrl }).connect()
    try {
      const keys = (await client.sendCommand(['KEYS', '*'])) as string[]
      expect(keys).toHaveLength(1)
      expect(keys[0]).toMatch(/^auth0plus:token:[0-9a-f]{64}$/)
      const ttl = Number(await client.sendCommand(['PTTL', keys[0]!]))
      expect(ttl).toBeGreaterThan(86_000_000)
      expect(ttl).toBeLessThanOrEqual(86_400_000)
      expect(JSON.stringify(keys)).not.toContain(CLIENT_ID)
    } finally {
      await client.quit()
    }
  }, 60_000)

  it('keeps a token only as long as it lives, and lets the next caller fetch after a dead fetcher', async () => {
    const client = await createClient({ url: redisUrl }).connect()
    let now = Date.now()
    const store = new RedisTokenStore({
      client,
      prefix: 'expiry:',
      lockMs: 200,
      pollMs: 10,
      now: () => now,
    })
    try {
      const exp = Math.floor(now / 1000) + 120
      // The first caller takes the lock and dies without a token: the next one waits out the lock.
      expect(await store.get('k')).toBeUndefined()
      const other = new RedisTokenStore({ client, prefix: 'expiry:', lockMs: 200, pollMs: 10 })
      const started = Date.now()
      expect(await other.get('k')).toBeUndefined()
      expect(Date.now() - started).toBeGreaterThanOrEqual(150)
      // The JWT's exp (120 s) wins over a longer expires_at; the TTL follows it.
      await other.set('k', { access_token: jwt(exp), expires_at: exp + 3600 })
      const [key] = (await client.sendCommand(['KEYS', 'expiry:*'])) as string[]
      expect(key).toMatch(/^expiry:[0-9a-f]{64}$/)
      const ttl = Number(await client.sendCommand(['PTTL', key!]))
      expect(ttl).toBeGreaterThan(100_000)
      expect(ttl).toBeLessThanOrEqual(120_000)
      expect(await store.get('k')).toEqual({ access_token: jwt(exp), expires_at: exp })
      // Within the renewal leeway (60 s) it counts as absent, so its renewal is single-flight too.
      now += 70_000
      expect(await store.get('k')).toBeUndefined()
      await store.delete('k')
      expect(await client.sendCommand(['KEYS', 'expiry:*'])).toEqual([])
    } finally {
      await client.quit()
    }
  })
})
