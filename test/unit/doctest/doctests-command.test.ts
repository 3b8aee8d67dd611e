import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js'

const root = resolve(import.meta.dirname, '../../..')
const main = join(root, 'src/cli/main.ts')
const fixture = (name: string) => join('test/fixtures/doctest', name)

/** The CLI as a child process, without any tenant variables inherited from this shell. */
function cli(
  args: string[],
  cwd = root,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  for (const name of ['DOMAIN', 'CLIENT_ID', 'CLIENT_SECRET', 'CONNECTION']) delete env[name]
  return new Promise((done) => {
    execFile(
      join(root, 'node_modules/.bin/tsx'),
      [main, 'doctests', ...args],
      { cwd, env },
      (error, stdout, stderr) => {
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
      },
    )
  })
}

// Each case is its own child process (about two seconds of start-up), so they run side by side.
describe.concurrent('auth0plus doctests', { timeout: 90_000 }, () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'auth0plus-doctests-cli-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('runs files against an emulator started for the run, and exits 0 when all pass', async () => {
    const { code, stdout } = await cli([fixture('passing.md'), fixture('tenant.md')])
    expect(stdout).toMatch(
      /^Running the doctests against a local emulator at http:\/\/127\.0\.0\.1:\d+\.$/m,
    )
    expect(stdout).toContain('✓ test/fixtures/doctest/tenant.md: 4 examples, 0 failed')
    expect(stdout).toContain('Total: 2 files, 23 examples, 0 failed')
    expect(code).toBe(0)
  })

  it('prints a readable failure with file, line, expected and actual, and exits 1', async () => {
    const { code, stdout } = await cli([fixture('failing.md')])
    expect(stdout).toContain(
      [
        'FAIL test/fixtures/doctest/failing.md:5 value differs',
        '    answer',
        '  expected: 41',
        '  actual:   42',
      ].join('\n'),
    )
    expect(stdout).toContain(
      [
        'FAIL test/fixtures/doctest/failing.md:11 value differs',
        '    user',
        '  - expected + actual',
        "    { id: 'auth0|1',",
        "  -   email: 'roger@example.com',",
        "  +   email: 'brian@example.com',",
        "      tags: [ 'guitar', 'astrophysics' ] }",
      ].join('\n'),
    )
    expect(stdout).toContain(
      'FAIL test/fixtures/doctest/failing.md:22 threw where no error was expected',
    )
    expect(stdout).toContain('✗ test/fixtures/doctest/failing.md: 7 examples, 6 failed')
    expect(stdout).not.toContain('\x1b[')
    expect(code).toBe(1)
  })

  it('with --tenant, refuses to start without the tenant in .env', async () => {
    const { code, stdout, stderr } = await cli(['--tenant', join(root, fixture('passing.md'))], dir)
    expect(stderr).toContain(
      'Refusing to run against a tenant: DOMAIN, CLIENT_ID, CLIENT_SECRET, CONNECTION missing',
    )
    expect(stdout).toBe('')
    expect(code).toBe(2)
  })

  it('with --tenant, runs against the tenant .env names and says which one first', async () => {
    const tenant: RunningEmulator = await startEmulator({ port: 0 })
    try {
      const lines = [
        `DOMAIN=${tenant.domain}`,
        `CLIENT_ID=${tenant.clientId}`,
        `CLIENT_SECRET=${tenant.clientSecret}`,
        `CONNECTION=${tenant.connection}`,
      ]
      const cwd = await mkdtemp(join(dir, 'tenant-'))
      await writeFile(join(cwd, '.env'), lines.join('\n'))
      const { code, stdout } = await cli(['--tenant', join(root, fixture('tenant.md'))], cwd)
      expect(stdout.split('\n')[0]).toBe(
        `Running the doctests against the tenant ${tenant.domain}, connection ${tenant.connection}: ` +
          'they create users there, on *.acdc.test addresses unique to this run, and delete them at the end.',
      )
      expect(stdout).toContain('4 examples, 0 failed')
      expect(stdout).toContain('Clean-up: no user of this run was left to delete.')
      expect(code).toBe(0)
    } finally {
      await tenant.stop()
    }
  })

  it('with --tenant, prints neither the client secret nor any token of the run', async () => {
    const secret = 'doctest-cli-secret-Vb3Kq8Xw'
    const tenant: RunningEmulator = await startEmulator({ port: 0, clientSecret: secret })
    try {
      const lines = [
        `DOMAIN=${tenant.domain}`,
        `CLIENT_ID=${tenant.clientId}`,
        `CLIENT_SECRET=${secret}`,
        `CONNECTION=${tenant.connection}`,
      ]
      const cwd = await mkdtemp(join(dir, 'secrets-'))
      await writeFile(join(cwd, '.env'), lines.join('\n'))
      const { code, stdout, stderr } = await cli(
        ['--tenant', join(root, fixture('secrets.md'))],
        cwd,
      )
      expect(stdout).toContain('4 examples, 4 failed')
      expect(stdout).toContain('Error: the secret is [redacted] and the token [redacted]')
      for (const text of [stdout, stderr]) {
        expect(text).not.toContain(secret)
        expect(text).not.toMatch(/eyJ[\w-]*\./)
      }
      expect(code).toBe(1)
    } finally {
      await tenant.stop()
    }
  })

  it('exits 2 when a file does not exist', async () => {
    const { code, stderr } = await cli(['no-such-file.md'])
    expect(stderr.trim()).toBe('cannot open no-such-file.md: no such file or directory')
    expect(code).toBe(2)
  })
})
