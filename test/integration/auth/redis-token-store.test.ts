import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createHttpServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
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
let dir: string
let socket: string
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

beforeAll(async () => {
  if (!existsSync(REDIS)) return
  // A Unix socket of its own, not a "free" TCP port: a port found free can be taken by another
  // test file's server before redis binds it, and the clients would then talk to that server.
  dir = await mkdtemp(join(tmpdir(), 'auth0plus-redis-'))
  socket = join(dir, 'redis.sock')
  redis = spawn(
    REDIS,
    ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let ready = false
  for await (const line of createInterface({ input: redis.stdout! })) {
    if (/ready to accept connections/i.test(line)) {
      ready = true
      break
    }
  }
  if (!ready) throw new Error('redis-server did not start')
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
  if (dir) await rm(dir, { recursive: true, force: true })
})

const connectRedis = () => createClient({ socket: { path: socket, tls: false } }).connect()

describe.skipIf(!existsSync(REDIS))('RedisTokenStore on a real redis-server', () => {
  it('gives a fleet of processes renewing at once one token request, and the same token', async () => {
    const children = Array.from({ length: 5 }, () =>
      spawn(process.execPath, ['--import', TSX, CHILD], {
        env: {
          PATH: process.env.PATH ?? '',
          REDIS_SOCKET: socket,
          DOMAIN: domain,
          CLIENT_ID,
          CLIENT_SECRET,
        },
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    )
    // Listen for the exits now: a child that exits before `once` is attached never fires again.
    const exited = children.map((child) => once(child, 'exit'))
    const lines = children.map((child) =>
      createInterface({ input: child.stdout! })[Symbol.asyncIterator](),
    )
    // Everyone connected, then everyone asks at once.
    for (const next of lines) expect((await next.next()).value).toBe('ready')
    for (const child of children) child.stdin!.end('go\n')
    const answers = await Promise.all(
      lines.map(async (next) => (await next.next()).value as string),
    )
    await Promise.all(exited)

    expect(tokenRequests).toBe(1)
    expect(new Set(answers).size).toBe(1)
    expect(answers[0]).toMatch(/^token [0-9a-f]{64}$/)

    // Redis holds one token, under a hash: no client id, no secret, no lock left behind.
    const client = await connectRedis()
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
    const client = await connectRedis()
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
