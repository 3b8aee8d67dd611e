import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Auth0 } from '../../src/index.js'
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js'

const root = resolve(import.meta.dirname, '../..')
const main = join(root, 'src/cli/main.ts')
const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href
const INDEX_DELAY_MS = 1000
const BYSTANDER = 'bystander@example.com'

const docs = [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'doctests'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(root, 'doctests', name)),
]
const fixture = (name: string) => join(root, 'test/fixtures/doctest', name)

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'auth0plus-doctests-tenant-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/**
 * A "real tenant" for `--tenant`: an emulator whose search lags writes by a second, as Auth0's
 * does, holding one user the run must not touch, and a `.env` naming it in a folder of its own.
 */
async function tenantWithEnv(): Promise<{ tenant: RunningEmulator; cwd: string }> {
  const tenant = await startEmulator({
    port: 0,
    indexDelayMs: INDEX_DELAY_MS,
    users: [{ email: BYSTANDER, connection: 'Username-Password-Authentication' }],
  })
  const cwd = await mkdtemp(join(dir, 'run-'))
  const lines = [
    `DOMAIN=${tenant.domain}`,
    `CLIENT_ID=${tenant.clientId}`,
    `CLIENT_SECRET=${tenant.clientSecret}`,
    `CONNECTION=${tenant.connection}`,
  ]
  await writeFile(join(cwd, '.env'), lines.join('\n'))
  return { tenant, cwd }
}

/** Every user left on the tenant, once its search has caught up. */
async function usersLeft(tenant: RunningEmulator): Promise<string[]> {
  await sleep(INDEX_DELAY_MS + 200)
  const auth0 = new Auth0(tenant.domain, {
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
  })
  const users = await auth0.users.all({ connection: null }).toArray()
  return users.map((user) => user.email!).sort()
}

interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/**
 * `auth0plus doctests --tenant ...` in `cwd` (where its .env is), without any tenant variables
 * inherited from this shell; `onStdout` sees the output as it comes.
 */
function cli(
  args: string[],
  cwd: string,
  onStdout: (text: string, child: ReturnType<typeof spawn>) => void = () => {},
): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  for (const name of ['DOMAIN', 'CLIENT_ID', 'CLIENT_SECRET', 'CONNECTION']) delete env[name]
  const child = spawn(process.execPath, ['--import', tsx, main, 'doctests', ...args], { cwd, env })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    onStdout(stdout, child)
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((done) => {
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }))
  })
}

describe.concurrent(
  'auth0plus doctests --tenant, against an emulator with a 1 s index delay',
  () => {
    it('passes README.md and every doctests/*.md, and leaves the tenant as it found it', async () => {
      const { tenant, cwd } = await tenantWithEnv()
      try {
        const run = await cli(['--tenant', ...docs], cwd)
        if (run.code !== 0) expect.fail(`exit ${run.code}\n${run.stdout}\n${run.stderr}`)
        expect(run.stdout.split('\n')[0]).toBe(
          `Running the doctests against the tenant ${tenant.domain}, connection ` +
            `${tenant.connection}: they create users there, on *.acdc.test addresses unique to ` +
            'this run, and delete them at the end.',
        )
        for (const file of docs) expect(run.stdout).toMatch(`✓ ${file}: `)
        // The docs delete what they create; the clean-up finds nothing left.
        expect(run.stdout).toContain('Clean-up: no user of this run was left to delete.')
        expect(await usersLeft(tenant)).toEqual([BYSTANDER])
      } finally {
        await tenant.stop()
      }
    }, 180_000)

    it('deletes every user it created when examples fail, and reports file, line and diff', async () => {
      const { tenant, cwd } = await tenantWithEnv()
      try {
        const file = fixture('tenant-failing.md')
        const run = await cli(['--tenant', file], cwd)
        expect(run.code).toBe(1)
        expect(run.stdout).toContain(
          [
            `FAIL ${file}:15 value differs`,
            '    malcolm.user_metadata',
            '  - expected + actual',
            "    { family_name: 'Young',",
            "  -   instrument: 'bass' }",
            "  +   instrument: 'guitar' }",
          ].join('\n'),
        )
        expect(run.stdout).toContain(`FAIL ${file}:23 threw where no error was expected`)
        expect(run.stdout).toContain('  DoesNotExist: User Does Not Exist')
        expect(run.stdout).toMatch(
          /Clean-up: deleted 3 users this run created:\n {2}angus@[a-z0-9]{5}\.acdc\.test \(auth0\|[0-9a-f]{24}\)\n {2}malcolm@.*\n {2}cliff@.*\n/,
        )
        expect(run.stdout).toContain('✗ ' + file + ': 3 examples, 2 failed')
        expect(await usersLeft(tenant)).toEqual([BYSTANDER])
      } finally {
        await tenant.stop()
      }
    }, 60_000)

    it('on SIGINT stops after the running example, deletes what the run created and exits 130', async () => {
      const { tenant, cwd } = await tenantWithEnv()
      try {
        let sent = false
        const run = await cli(['--tenant', fixture('tenant-interrupted.md')], cwd, (out, child) => {
          if (!sent && out.includes('bon created')) {
            sent = true
            child.kill('SIGINT')
          }
        })
        expect(sent).toBe(true)
        expect(run.code).toBe(130)
        expect(run.stdout).toContain(
          'SIGINT: stopping the run after the running example, then deleting its users.',
        )
        expect(run.stdout).toMatch(
          /Clean-up: deleted 1 user this run created:\n {2}bon@[a-z0-9]{5}\.acdc\.test \(auth0\|/,
        )
        expect(run.stdout).toContain('Total: 1 file, 1 example, 1 failed, 1 not run, interrupted')
        expect(await usersLeft(tenant)).toEqual([BYSTANDER])
      } finally {
        await tenant.stop()
      }
    }, 60_000)

    it('on a second SIGINT exits at once, without clean-up, naming the domain left behind', async () => {
      const { tenant, cwd } = await tenantWithEnv()
      try {
        let sent = 0
        const run = await cli(['--tenant', fixture('tenant-interrupted.md')], cwd, (out, child) => {
          if (sent === 0 && out.includes('bon created')) {
            sent = 1
            child.kill('SIGINT')
          } else if (sent === 1 && out.includes('SIGINT: stopping the run')) {
            sent = 2
            child.kill('SIGINT')
          }
        })
        expect(sent).toBe(2)
        expect(run.code).toBe(130)
        expect(run.stderr).toMatch(
          /SIGINT again: stopping now, without clean-up\. Users on [a-z0-9]{5}\.acdc\.test may remain\./,
        )
        expect(run.stdout).not.toContain('Clean-up')
        const left = await usersLeft(tenant)
        expect(left).toHaveLength(2)
        expect(left).toContain(BYSTANDER)
      } finally {
        await tenant.stop()
      }
    }, 60_000)
  },
)
