import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { existsSync } from 'node:fs'
import { get } from 'node:https'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../src/emulator/index.js'
import { readDataFile } from './data-file-helpers.js'
import { api, getToken, type TestTenant } from './helpers.js'

const CLI = fileURLToPath(new URL('./fixtures/cli.ts', import.meta.url))

function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'emulator', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]()
  /** The printed KEY=VALUE lines up to the empty line that ends the block (comments skipped). */
  const env = async () => {
    const values: Record<string, string> = {}
    for (;;) {
      const { value, done } = await lines.next()
      const line = value as string
      if (done || line === '') return values
      if (line.startsWith('#')) continue
      const eq = line.indexOf('=')
      values[line.slice(0, eq)] = line.slice(eq + 1)
    }
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
      '--password-policy',
      'low',
    ])
    const env = await cli.env()
    expect(Object.keys(env)).toEqual([
      'DOMAIN',
      'AUTH0_DOMAIN',
      'AUTH0_ISSUER_BASE_URL',
      'AUTH0_AUDIENCE',
      'CLIENT_ID',
      'CLIENT_SECRET',
      'CONNECTION',
    ])
    expect(env.DOMAIN).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    // Bare host:port for clients that build https://{domain} themselves.
    expect(env.AUTH0_DOMAIN).toBe(new URL(env.DOMAIN!).host)
    expect(env.AUTH0_ISSUER_BASE_URL).toBe(`${env.DOMAIN}/`)
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
      // 'abcdef' passes --password-policy low (6+), not the default fair.
      body: { connection: env.CONNECTION, email: 'cli@example.com', password: 'abcdef' },
    })
    expect(created.status).toBe(201)
    expect(created.headers.get('x-ratelimit-limit')).toBe('50')

    cli.child.kill('SIGTERM')
    const [code] = await once(cli.child, 'exit')
    expect(code).toBe(0)
    expect(cli.stderr()).toContain('SIGTERM, stopping')
    const saved = await readDataFile(dataFile)
    expect(saved.clientId).toBe(env.CLIENT_ID)
    expect(saved.users.map((u: { email: string }) => u.email)).toEqual(['cli@example.com'])
  })

  it('serves HTTPS, prints the CA to trust, and removes its temp PEM folder at stop', async () => {
    const cli = startCli(['--port', '0', '--https'])
    const env = await cli.env()
    expect(env.DOMAIN).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const caFile = env.NODE_EXTRA_CA_CERTS!
    const pem = await readFile(caFile, 'utf8')
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/)
    const served = await new Promise<number>((resolve, reject) => {
      get(`${env.DOMAIN}/.well-known/openid-configuration`, { ca: pem }, (res) => {
        res.resume()
        resolve(res.statusCode!)
      }).on('error', reject)
    })
    expect(served).toBe(200)
    cli.child.kill('SIGINT')
    const [code] = await once(cli.child, 'exit')
    expect(code).toBe(0)
    expect(existsSync(dirname(caFile))).toBe(false)
  })

  it('with --data, names the CA kept beside the data file, which outlives the run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auth0plus-cli-ca-'))
    const cli = startCli(['--port', '0', '--https', '--data', join(dir, 'tenant.json')])
    const env = await cli.env()
    expect(env.NODE_EXTRA_CA_CERTS).toBe(join(dir, 'auth0plus-emulator-ca.pem'))
    cli.child.kill('SIGTERM')
    expect((await once(cli.child, 'exit'))[0]).toBe(0)
    expect(await readFile(env.NODE_EXTRA_CA_CERTS!, 'utf8')).toMatch(/-----END CERTIFICATE-----\n$/)
  })

  it('rejects an unknown password policy', async () => {
    const cli = startCli(['--password-policy', 'strong'])
    const [code] = await once(cli.child, 'exit')
    expect(code).not.toBe(0)
    expect(cli.stderr()).toContain('Use one of none, low, fair, good, excellent.')
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
