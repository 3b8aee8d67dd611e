import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startEmulator, type RunningEmulator } from 'auth0plus/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

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
    tenant = await startEmulator({ port: 0, users: [{ email: 'main@example.com' }] })
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
      'PORT=0',
    ]
    await writeFile(join(cwd, '.env'), dotenv.join('\n'))
    const service = await run('../main.ts', cwd, {})
    const res = await fetch(`${service.url}/users`)
    expect(await res.json()).toMatchObject({ total: 1, users: [{ email: 'main@example.com' }] })
    expect(await stop(service, 'SIGTERM')).toBe(0)
    expect(service.output()).toMatch(/GET \/users 200 \d+ms/)
    expect(service.output()).not.toContain(tenant.clientSecret)
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
      'Set CLIENT_ID, CLIENT_SECRET, CONNECTION in the environment or in .env.',
    )
  })
})

describe('dev.ts', () => {
  it('starts an emulator with demo users and the service in one command; Ctrl-C stops both', async () => {
    const dev = await run('../dev.ts', tmpdir(), { PORT: '0' })
    const res = await fetch(`${dev.url}/users?email=b*`)
    const body = (await res.json()) as { total: number }
    expect(body.total).toBe(2)
    expect(await stop(dev, 'SIGINT')).toBe(0)
  })
})
