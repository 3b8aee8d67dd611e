import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startEmulator, type RunningEmulator } from 'auth0plus/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEV_OPERATOR, SERVICE_API, SERVICE_AUDIENCE, serviceAdminRole } from '../src/dev-tenant.js'
import { FRONT_END, signIn, tokenFor } from './login.js'
import { OPERATOR, STAFF_CONNECTION } from './stack.js'

// The README's commands, run as written: tsx outside vitest, so `auth0plus` resolves through
// the package's self-reference to the built dist/ (which `npm ci` makes via `prepare`).
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

interface Running {
  child: ChildProcess
  url: string
  output: () => string
}

/** Starts an entry point under tsx and waits for its "listening" line. */
function run(script: string, cwd: string, env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', tsxLoader, here(script)], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${text}`)), 15_000)
    const read = (chunk: Buffer) => {
      text += chunk.toString()
      const url = /user-service on (http:\/\/\S+)/.exec(text)?.[1]
      if (url) {
        clearTimeout(timer)
        resolve({ child, url, output: () => text })
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${script} exited with ${code}:\n${text}`))
    })
  })
}

/** Sends a signal and resolves with the exit code once the process is gone. */
function stop(running: Running, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.removeAllListeners('exit')
    running.child.once('exit', (code) => resolve(code))
    running.child.kill(signal)
  })
}

beforeAll(() => {
  expect(existsSync(here('../../../dist/index.js')), 'dist/ is missing: run `npm run build`').toBe(
    true,
  )
})

describe('main.ts', () => {
  let tenant: RunningEmulator
  let cwd: string
  beforeAll(async () => {
    tenant = await startEmulator({
      port: 0,
      connections: ['Username-Password-Authentication', STAFF_CONNECTION],
      users: [{ email: 'main@example.com' }, { ...OPERATOR, connection: STAFF_CONNECTION }],
      clients: [FRONT_END],
      resourceServers: [SERVICE_API],
      roles: [serviceAdminRole([OPERATOR.email])],
    })
    cwd = await mkdtemp(join(tmpdir(), 'user-service-'))
  })
  afterAll(async () => {
    await tenant.stop()
    await rm(cwd, { recursive: true, force: true })
  })

  it('reads .env from the working directory, serves, and stops on SIGTERM', async () => {
    const dotenv = [
      `DOMAIN=${tenant.domain}`,
      `CLIENT_ID=${tenant.clientId}`,
      `CLIENT_SECRET=${tenant.clientSecret}`,
      `CONNECTION=${tenant.connection}`,
      `SERVICE_AUDIENCE=${SERVICE_AUDIENCE}`,
      'PORT=0',
    ]
    await writeFile(join(cwd, '.env'), dotenv.join('\n'))
    const service = await run('../main.ts', cwd, {})
    const token = await tokenFor(tenant, OPERATOR, 'read:users')
    const res = await fetch(`${service.url}/users`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(await res.json()).toMatchObject({ total: 1, users: [{ email: 'main@example.com' }] })
    expect((await fetch(`${service.url}/users`)).status).toBe(401)
    expect(await stop(service, 'SIGTERM')).toBe(0)
    expect(service.output()).toMatch(/GET \/users 200 \d+ms/)
    expect(service.output()).toMatch(/GET \/users 401 \d+ms/)
    expect(service.output()).not.toContain(tenant.clientSecret)
    expect(service.output()).not.toContain(token.split('.')[2])
  })

  it('names what is missing and exits 1 without a configuration', async () => {
    const child = spawn(process.execPath, ['--import', tsxLoader, here('../main.ts')], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH, DOMAIN: tenant.domain },
    })
    let text = ''
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()))
    const code = await new Promise((resolve) => child.once('exit', resolve))
    expect(code).toBe(1)
    expect(text).toContain(
      'Set CLIENT_ID, CLIENT_SECRET, CONNECTION, SERVICE_AUDIENCE in the environment or in .env.',
    )
  })
})

describe('dev.ts and dev-token.ts', () => {
  it('start a tenant and the service, and give a token through a browser login', async () => {
    const dev = await run('../dev.ts', tmpdir(), { PORT: '0' })
    try {
      expect((await fetch(`${dev.url}/users?email=b*`)).status).toBe(401)
      // The command dev.ts prints, run as printed (the "browser" is this test).
      const printed = /dev-token\.ts (\S+) (\S+)\)/.exec(dev.output())
      expect(printed, dev.output()).not.toBeNull()
      expect(printed![2]).toBe(SERVICE_AUDIENCE)
      const token = await devToken(printed![1]!, printed![2]!)
      const res = await fetch(`${dev.url}/users?email=b*`, {
        headers: { authorization: `Bearer ${token}` },
      })
      expect(((await res.json()) as { total: number }).total).toBe(2)
      // The operator's role holds every permission of the service's API: a write works too.
      const created = await fetch(`${dev.url}/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'new@example.com', password: 'Secr3t-pass' }),
      })
      expect(created.status).toBe(201)
    } finally {
      expect(await stop(dev, 'SIGINT')).toBe(0)
    }
  })
})

/** Runs dev-token.ts without a browser, plays the browser's part, and answers its stdout. */
async function devToken(domain: string, audience: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader, here('../dev-token.ts'), domain, audience, '--no-browser'],
    { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const found = /^(http\S+\/authorize\?\S+)$/m.exec(stderr)?.[1]
      if (found) resolve(found)
    })
    child.once('exit', () => reject(new Error(`dev-token.ts exited:\n${stderr}`)))
  })
  const callback = await signIn(url, DEV_OPERATOR)
  // The login's callback server answers once it has the token.
  await fetch(callback!)
  expect(await exited).toBe(0)
  expect(stderr).not.toContain('eyJ')
  return stdout.trim()
}
