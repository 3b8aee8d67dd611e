import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../src/emulator/index.js'
import { api, getToken, type TestTenant } from './helpers.js'

const CLI = fileURLToPath(new URL('./fixtures/cli.ts', import.meta.url))

function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'emulator', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
  const env = async (count: number) => {
    const values: Record<string, string> = {}
    for (let i = 0; i < count; i++) {
      const { value } = await lines.next()
      const line = value as string
      const eq = line.indexOf('=')
      values[line.slice(0, eq)] = line.slice(eq + 1)
    }
    return values
  }
  return { child, env, stderr: () => stderr }
}

describe('auth0plus emulator (CLI)', () => {
  it('prints the .env lines, serves, and flushes its data file on SIGTERM', async () => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'auth0plus-cli-')), 'tenant.json')
    const cli = startCli([
      '--port',
      '0',
      '--data',
      dataFile,
      '--rate-limit',
      'enterprise',
      '--index-delay',
      '0',
    ])
    const env = await cli.env(4)
    expect(Object.keys(env)).toEqual(['DOMAIN', 'CLIENT_ID', 'CLIENT_SECRET', 'CONNECTION'])
    expect(env.DOMAIN).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(env.CONNECTION).toBe('Username-Password-Authentication')

    const port = Number(new URL(env.DOMAIN!).port)
    const info = {
      domain: env.DOMAIN,
      port,
      audience: `https://127.0.0.1:${port}/api/v2/`,
    } as RunningEmulator
    const tenant = {
      ...info,
      token: await getToken(info, env.CLIENT_ID!, env.CLIENT_SECRET!),
    } as TestTenant
    const created = await api(tenant, 'POST', '/users', {
      body: { connection: env.CONNECTION, email: 'cli@example.com', password: 'Passw0rd!x' },
    })
    expect(created.status).toBe(201)
    expect(created.headers.get('x-ratelimit-limit')).toBe('50')

    cli.child.kill('SIGTERM')
    const [code] = await once(cli.child, 'exit')
    expect(code).toBe(0)
    expect(cli.stderr()).toContain('SIGTERM, stopping')
    const saved = JSON.parse(await readFile(dataFile, 'utf8'))
    expect(saved.clientId).toBe(env.CLIENT_ID)
    expect(saved.users.map((u: { email: string }) => u.email)).toEqual(['cli@example.com'])
  })

  it('serves HTTPS and says how to trust its certificate', async () => {
    const cli = startCli(['--port', '0', '--https'])
    const env = await cli.env(5)
    expect(env.DOMAIN).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const hint = Object.keys(env).find((key) => key.startsWith('# '))!
    const caFile = env[hint]!
    expect(await readFile(caFile, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/)
    cli.child.kill('SIGINT')
    const [code] = await once(cli.child, 'exit')
    expect(code).toBe(0)
  })

  it('rejects an unknown rate-limit preset', async () => {
    const cli = startCli(['--rate-limit', 'platinum'])
    const [code] = await once(cli.child, 'exit')
    expect(code).not.toBe(0)
    expect(cli.stderr()).toContain(
      'Use one of free, essentials, enterprise, off or BURST/PER_SECOND.',
    )
  })
})
