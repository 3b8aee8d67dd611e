/**
 * Attacks on the emulator from issue 11, each replayed against a real emulator on 127.0.0.1
 * (in this process, or the `auth0plus emulator` CLI in a child when the attack could stall the
 * event loop): prototype pollution, ReDoS, unbounded state, the low findings and password
 * guessing on the login page. Each test fails on the code before the fix.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createSign } from 'node:crypto'
import { once } from 'node:events'
import { lstat, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_EXPORT_JOBS } from '../../src/emulator/export-jobs.js'
import { MAX_PENDING_LOGINS } from '../../src/emulator/login-transactions.js'
import { readDataFile } from '../emulator/data-file-helpers.js'
import {
  authorizeRequest,
  callbackParams,
  NATIVE_APP,
  openAuthorize,
  OPERATOR,
  submitLogin,
} from '../emulator/authorize-helpers.js'
import {
  api,
  getToken,
  startTenant,
  tokenRequest,
  userPath,
  type TestTenant,
} from '../emulator/helpers.js'

const VIEWER = { email: 'viewer@acdc.test', password: 'Passw0rd!viewer' }
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort()
const objectPrototypeIsClean = () => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES)
  expect(({} as { roles?: unknown }).roles).toBeUndefined()
}

/** One request with any Host header (fetch would not send a foreign one). */
function rawRequest(
  port: number,
  init: { method: string; path: string; host: string; body?: string; type?: string },
): Promise<{ status: number; body: string; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: init.method,
        path: init.path,
        headers: { host: init.host, 'content-type': init.type ?? 'application/json' },
      },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () =>
          resolve({ status: res.statusCode!, body, location: res.headers.location }),
        )
      },
    )
    req.on('error', reject)
    req.end(init.body)
  })
}

describe('High 1: prototype pollution', () => {
  let tenant: TestTenant
  beforeAll(async () => {
    tenant = await startTenant({
      clients: [NATIVE_APP],
      loginRule: { role: 'cli' },
      users: [
        { ...OPERATOR, app_metadata: { roles: ['cli'] } },
        { ...VIEWER, user_metadata: { x: 1 }, app_metadata: { team: 'support' } },
      ],
    })
  })
  afterAll(() => tenant.stop())

  it('never lets a __proto__ key reach Object.prototype, so no role is granted by it', async () => {
    const badJson = 'Invalid request payload JSON format'
    const created = await api(tenant, 'POST', '/users', {
      headers: { 'content-type': 'application/json' },
      raw: `{"connection":"${tenant.connection}","email":"mallory@acdc.test","password":"Passw0rd!m","user_metadata":{"x":1,"__proto__":{"roles":["cli"]}}}`,
    })
    expect(created.status).toBe(400)
    expect(created.body).toEqual({ statusCode: 400, error: 'Bad Request', message: badJson })
    // The projection that used to follow the key into Object.prototype.
    const fields = 'user_metadata.x,user_metadata.__proto__.roles'
    const listed = await api(tenant, 'GET', `/users?fields=${fields}&include_fields=true`)
    expect(listed.status).toBe(200)

    const [viewer] = (await api(tenant, 'GET', `/users-by-email?email=${VIEWER.email}`)).body
    const patched = await api(tenant, 'PATCH', userPath(viewer.user_id), {
      headers: { 'content-type': 'application/json' },
      raw: '{"user_metadata":{"__proto__":{"roles":["cli"]}}}',
    })
    expect(patched.status).toBe(400)
    expect(patched.body.message).toBe(badJson)
    const byId = await api(tenant, 'GET', `${userPath(viewer.user_id)}?fields=${fields}`)
    expect(byId.body).toEqual({ user_metadata: { x: 1 } })
    objectPrototypeIsClean()

    // A user without the rule's role still gets no code, hence no delete:users token.
    const refused = callbackParams(
      await submitLogin(tenant, authorizeRequest(tenant, { scope: 'delete:users' }).url, VIEWER),
    )
    expect(refused.get('error')).toBe('access_denied')
    expect(refused.get('code')).toBeNull()
  })

  it('search walks own keys only: _exists_ on inherited names matches nobody', async () => {
    for (const q of [
      '_exists_:user_metadata.hasOwnProperty',
      '_exists_:user_metadata.constructor',
      '_exists_:app_metadata.toString',
    ]) {
      const found = await api(
        tenant,
        'GET',
        `/users?include_totals=true&q=${encodeURIComponent(q)}`,
      )
      expect(found.body.total, q).toBe(0)
    }
  })

  it('root keys named after Object.prototype members are not schema properties', async () => {
    for (const key of ['toString', 'constructor', 'hasOwnProperty']) {
      const res = await api(tenant, 'POST', '/users', {
        body: {
          connection: tenant.connection,
          email: `${key}@acdc.test`,
          password: 'Passw0rd!x',
          [key]: 'x',
        },
      })
      expect(res.status, key).toBe(400)
      expect(res.body.message).toBe(
        `Payload validation error: 'Additional properties not allowed: ${key}'.`,
      )
    }
  })
})

describe('Medium 7: ReDoS (wildcards, and the same class found elsewhere)', () => {
  // In a child process: the old code blocked the event loop for seconds (six stars: forever),
  // which in this process would have stalled the test runner too.
  let child: ChildProcess
  let tenant: TestTenant
  let userId: string
  beforeAll(async () => {
    const cli = fileURLToPath(new URL('../emulator/fixtures/cli.ts', import.meta.url))
    child = spawn(process.execPath, ['--import', 'tsx', cli, 'emulator', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    const env: Record<string, string> = {}
    // The .env block: comments say which variable is for which client; CONNECTION comes last.
    for await (const line of createInterface({ input: child.stdout! })) {
      const eq = line.indexOf('=')
      if (line.startsWith('#') || eq < 1) continue
      env[line.slice(0, eq)] = line.slice(eq + 1)
      if (env.CONNECTION !== undefined) break
    }
    const port = Number(new URL(env.DOMAIN!).port)
    const info = { domain: env.DOMAIN!, port, audience: `https://127.0.0.1:${port}/api/v2/` }
    tenant = {
      ...info,
      token: await getToken(info as TestTenant, env.CLIENT_ID!, env.CLIENT_SECRET!),
    } as TestTenant
    const body = {
      connection: env.CONNECTION,
      email: 'long@acdc.test',
      password: 'Passw0rd!x',
      name: 'a'.repeat(300),
    }
    userId = (await api(tenant, 'POST', '/users', { body })).body.user_id
  }, 30_000)
  afterAll(async () => {
    child.kill('SIGKILL')
    await once(child, 'exit')
  })

  /**
   * The hostile request and a parallel GET both answer within `withinMs`: well under what the
   * attack took before its fix, and otherwise as much room for a loaded machine as that allows.
   */
  async function answersAtOnce(
    path: string,
    withinMs: number,
    authorization = `Bearer ${tenant.token}`,
  ) {
    const started = performance.now()
    const call = (url: string, auth: string) =>
      fetch(`${tenant.domain}/api/v2${url}`, {
        headers: { authorization: auth },
        signal: AbortSignal.timeout(10_000),
      })
    const [hostile, parallel] = await Promise.all([
      call(path, authorization),
      call(userPath(userId), `Bearer ${tenant.token}`),
    ])
    expect(parallel.status).toBe(200)
    expect(performance.now() - started, path.slice(0, 80)).toBeLessThan(withinMs)
    return hostile
  }

  it('answers a many-wildcard search over a 300-character name at once', async () => {
    for (const stars of [4, 6, 12]) {
      const q = `name:${'a*'.repeat(stars)}c`
      const res = await answersAtOnce(`/users?q=${encodeURIComponent(q)}`, 2500)
      expect(await res.json()).toEqual([]) // the old regex took > 5 s with four stars
    }
  })

  it('reads a 60 KB bearer header of spaces at once (it took ~14 s, unauthenticated)', async () => {
    const res = await answersAtOnce('/users', 2500, `Bearer ${' '.repeat(60_000)}a b`)
    expect(res.status).toBe(401)
  })

  it('refuses a 16,000-digit number term at once (it took ~1.6 s per term)', async () => {
    const q = `logins_count:${'1'.repeat(16_000)}x`
    const res = await answersAtOnce(`/users?q=${encodeURIComponent(q)}`, 1000)
    expect(res.status).toBe(400)
  })
})

describe('Medium 8: unbounded state', () => {
  let tenant: TestTenant
  beforeAll(async () => {
    tenant = await startTenant({ clients: [NATIVE_APP] })
  })
  afterAll(() => tenant.stop())

  it(`keeps at most ${MAX_PENDING_LOGINS} /authorize transactions, dropping the oldest`, async () => {
    const start = async () =>
      (await openAuthorize(authorizeRequest(tenant).url)).headers.get('location')!
    const first = await start()
    let last = first
    for (let sent = 0; sent < MAX_PENDING_LOGINS; sent += 25) {
      const batch = await Promise.all(Array.from({ length: 25 }, start))
      last = batch.at(-1)!
    }
    expect((await fetch(`${tenant.domain}${first}`)).status).toBe(400)
    expect((await fetch(`${tenant.domain}${last}`)).status).toBe(200)
  }, 60_000)

  it(`keeps at most ${MAX_EXPORT_JOBS} export jobs, dropping the oldest`, async () => {
    const ids: string[] = []
    for (let i = 0; i <= MAX_EXPORT_JOBS; i++) {
      ids.push(
        (await api(tenant, 'POST', '/jobs/users-exports', { body: { format: 'json' } })).body.id,
      )
    }
    const oldest = await api(tenant, 'GET', `/jobs/${ids[0]}`)
    expect(oldest.status).toBe(404)
    expect(oldest.body.message).toBe('Job not found.')
    expect((await api(tenant, 'GET', `/jobs/${ids.at(-1)}`)).body.status).toBe('completed')
  })
})

describe('Low: token endpoint and Management API checks', () => {
  let tenant: TestTenant
  let dir: string
  let dataFile: string
  const victim = () => join(dir, 'victim.txt')

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'auth0plus-attacks-'))
    dataFile = join(dir, 'tenant.json')
    await writeFile(victim(), 'precious')
    // The old temp name was predictable: a symlink planted there was followed and overwritten.
    await symlink(victim(), join(dir, `.tenant.json.${process.pid}.tmp`))
    tenant = await startTenant({
      dataFile,
      clients: [NATIVE_APP],
      connections: ['Username-Password-Authentication', 'constructor'],
    })
  })
  afterAll(() => tenant.stop())

  it('broken Basic credentials answer 401 in Auth0 shape, not a 500', async () => {
    const unauthorized = { error: 'access_denied', error_description: 'Unauthorized' }
    for (const header of [
      `Basic ${Buffer.from(`${tenant.clientId}:%E0%A4%A`).toString('base64')}`,
      `Basic ${Buffer.from(`%ZZ:${tenant.clientSecret}`).toString('base64')}`,
      'Basic !!!not-base64!!!',
      'Basic',
    ]) {
      const res = await tokenRequest(
        tenant,
        { grant_type: 'client_credentials', audience: tenant.audience },
        { headers: { authorization: header } },
      )
      expect(res.status, header).toBe(401)
      expect(res.body).toEqual(unauthorized)
    }
  })

  it('refuses tokens with a wrong or missing iss, or a future nbf', async () => {
    const { signingKey } = (await readDataFile(dataFile)) as {
      signingKey: { kid: string; pem: string }
    }
    const now = Math.floor(Date.now() / 1000)
    const base = {
      iss: `${tenant.domain}/`,
      sub: 'x@clients',
      aud: tenant.audience,
      iat: now,
      exp: now + 600,
      scope: 'read:users',
    }
    const sign = (claims: Record<string, unknown>) => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
      const input = `${part({ alg: 'RS256', typ: 'JWT', kid: signingKey.kid })}.${part(claims)}`
      const signature = createSign('RSA-SHA256').update(input).sign(signingKey.pem)
      return `${input}.${signature.toString('base64url')}`
    }
    expect((await api(tenant, 'GET', '/users', { token: sign(base) })).status).toBe(200)
    for (const claims of [
      { ...base, iss: 'https://evil.example/' },
      { ...base, iss: undefined },
      { ...base, nbf: now + 3600 },
    ]) {
      const res = await api(tenant, 'GET', '/users', { token: sign(claims) })
      expect(res.status, JSON.stringify(claims)).toBe(401)
      expect(res.body.message).toBe('Invalid token')
    }
  })

  it('compares client secrets exactly (a prefix or a longer secret is refused)', async () => {
    for (const secret of [tenant.clientSecret.slice(0, -1), `${tenant.clientSecret}x`, '']) {
      const res = await tokenRequest(tenant, {
        grant_type: 'client_credentials',
        client_id: tenant.clientId,
        client_secret: secret,
        audience: tenant.audience,
      })
      expect(res.status).toBe(401)
    }
  })

  it('a foreign Host header never chooses the audience', async () => {
    const tokenFor = (host: string, audience: string) =>
      rawRequest(tenant.port, {
        method: 'POST',
        path: '/oauth/token',
        host,
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: tenant.clientId,
          client_secret: tenant.clientSecret,
          audience,
        }),
      })
    for (const host of [
      'evil.example',
      `evil.example:${tenant.port}`,
      '127.0.0.1.evil.example:80',
      'localhost.evil.example:80',
      '127.0.0.1:80@evil.example',
    ]) {
      const audience = `https://${host}/api/v2/`
      const res = await tokenFor(host, audience)
      expect(res.status, host).toBe(403)
      expect(JSON.parse(res.body)).toEqual({
        error: 'access_denied',
        error_description: `Service not found: ${audience}`,
      })
    }
    // /authorize refuses it too (back to the callback with access_denied).
    const evil = 'https://evil.example/api/v2/'
    const url = new URL(authorizeRequest(tenant, { audience: evil }).url)
    const started = await rawRequest(tenant.port, {
      method: 'GET',
      path: `${url.pathname}${url.search}`,
      host: 'evil.example',
    })
    expect(new URL(started.location!).searchParams.get('error_description')).toBe(
      `Service not found: ${evil}`,
    )
    // The emulator's own loopback names are accepted, IPv6 included; so is a loopback Host
    // (a pass-through on another local port, like the suites' counting tap).
    for (const host of [`localhost:${tenant.port}`, `[::1]:${tenant.port}`]) {
      const own = await tokenFor(`127.0.0.1:${tenant.port}`, `https://${host}/api/v2/`)
      expect(own.status, host).toBe(200)
    }
    expect((await tokenFor('127.0.0.1:1', 'https://127.0.0.1:1/api/v2/')).status).toBe(200)
  })

  it('writes the data file through a random, exclusive temp file (a planted symlink is not followed)', async () => {
    expect(
      (
        await api(tenant, 'POST', '/users', {
          body: { connection: tenant.connection, email: 'file@acdc.test', password: 'Passw0rd!x' },
        })
      ).status,
    ).toBe(201)
    expect(await readFile(victim(), 'utf8')).toBe('precious')
    expect((await lstat(dataFile)).isSymbolicLink()).toBe(false)
    const saved = (await readDataFile(dataFile)) as { users: { email: string }[] }
    expect(saved.users.map((user) => user.email)).toEqual(['file@acdc.test'])
  })

  it('a connection named after an Object.prototype member has a real id', async () => {
    const res = await api(tenant, 'GET', '/connections?name=constructor')
    expect(res.body[0].id).toMatch(/^con_[A-Za-z0-9]{16}$/)
  })

  it('exports read own keys only (constructor.name is not "Object")', async () => {
    const job = await api(tenant, 'POST', '/jobs/users-exports', {
      body: { format: 'json', fields: [{ name: 'email' }, { name: 'constructor.name' }] },
    })
    const { location } = (await api(tenant, 'GET', `/jobs/${job.body.id}`)).body
    const file = gunzipSync(Buffer.from(await (await fetch(location)).arrayBuffer())).toString()
    expect(
      file
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([{ email: 'file@acdc.test' }])
  })
})

describe('Low: password guessing on the login page', () => {
  let tenant: TestTenant
  beforeAll(async () => {
    tenant = await startTenant({
      clients: [NATIVE_APP],
      loginRule: { role: 'cli' },
      users: [{ ...OPERATOR, app_metadata: { roles: ['cli'] } }],
    })
  })
  afterAll(() => tenant.stop())

  it('blocks the e-mail from that IP after 10 wrong passwords; the right one then fails too', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 20; i++) {
      const res = await submitLogin(tenant, authorizeRequest(tenant).url, {
        ...OPERATOR,
        password: `Wrong-${i}`,
      })
      statuses.push(res.status)
    }
    expect(statuses).toEqual([...Array(9).fill(400), ...Array(11).fill(429)])
    const right = await submitLogin(tenant, authorizeRequest(tenant).url, OPERATOR)
    expect(right.status).toBe(429)
    expect(await right.text()).toContain(
      'Your account has been blocked after multiple consecutive login attempts.',
    )
  })
})
