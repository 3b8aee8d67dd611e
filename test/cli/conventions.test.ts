import { readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bandTenant, finished, runCli, scratchDir, SECRET, startCli, startMain } from './run-cli.js'

/*
 * What an operator and a script meet around every command: exit codes, one-line errors, a closed
 * pipe, --version, --env, --debug, --json summaries, short flags.
 */

let tenant: Awaited<ReturnType<typeof bandTenant>>
const version = (
  JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
).version

beforeAll(async () => {
  tenant = await bandTenant()
})
afterAll(() => tenant.tenant.stop())

const main = async (args: string[], env: Record<string, string> = {}, cwd?: string) =>
  finished(startMain(args, env, cwd ?? (await scratchDir())))

/** One line on stderr, no stack frame, no bare system error code. */
function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(stderr).not.toMatch(/\n\s+at |^\s*at /m)
  expect(stderr).not.toMatch(/\b(ENOENT|EEXIST|EADDRINUSE|ERR_[A-Z_]+)\b/)
  return lines[0]!
}

describe.concurrent('exit codes', { timeout: 60_000 }, () => {
  it('are usage 2 for any bad command line, and shown in --help', async () => {
    const unknown = await main(['frob'])
    expect(unknown.code).toBe(2)
    const badFlag = await main(['users', 'count', '--frob'], tenant.env)
    expect(badFlag.code).toBe(2)
    const badPort = await main(['emulator', '--port', '99999'])
    expect(badPort.code).toBe(2)
    expect(oneLine(badPort.stderr)).toContain('A TCP port is 0 to 65535')
    const help = await main(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(
      /Exit codes:\n {2}0 +done\n {2}1 +.*\n {2}2 +.*\n {2}3 +preview only.*\n {2}130 +interrupted/,
    )
  })

  it('each command lists only its own, and repeatable flags show no `(default: [])`', async () => {
    const exported = await main(['users', 'export', '--help'])
    const codes = (text: string) => [...text.matchAll(/^ {2}(\d+) {2,}/gm)].map((m) => m[1])
    expect(codes(exported.stdout)).toEqual(['0', '1', '2'])
    const deleting = await main(['users', 'delete', '--help'])
    expect(codes(deleting.stdout)).toEqual(['0', '1', '2', '3', '130'])
    const updating = await main(['users', 'update', '--help'])
    for (const text of [deleting.stdout, updating.stdout])
      expect(text).not.toContain('(default: [])')
    expect(updating.stdout).toContain('--set <key=value>')
  })

  it('--version prints the package version', async () => {
    const run = await main(['--version'])
    expect(run).toMatchObject({ code: 0, stdout: `${version}\n` })
  })
})

describe.concurrent('one clear line, never a stack', { timeout: 60_000 }, () => {
  it('for an emulator port in use and a --data path that cannot be written', async () => {
    const busy = createServer()
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done))
    try {
      const port = (busy.address() as { port: number }).port
      const run = await main(['emulator', '--port', String(port)])
      expect(run.code).toBe(1)
      expect(oneLine(run.stderr)).toBe(
        `auth0plus emulator: port ${port} on 127.0.0.1 is in use: pick another --port, or --port 0 for any free one.`,
      )
    } finally {
      busy.close()
    }
    const data = await main(['emulator', '--port', '0', '--data', '/nonexistent/dir/tenant.json'])
    expect(data.code).toBe(1)
    expect(oneLine(data.stderr)).toMatch(
      /^auth0plus emulator: --data \/nonexistent\/dir\/tenant\.json: cannot \w+ .*: no such file or directory$/,
    )
  })

  it('for a restore of a missing file and an existing backup file', async () => {
    const cwd = await scratchDir()
    const restore = await runCli(['restore', 'gone.jsonl', '--random-password'], tenant.env, cwd)
    expect(restore.code).toBe(1)
    expect(oneLine(restore.stderr)).toBe(
      'auth0plus users: cannot open gone.jsonl: no such file or directory',
    )
    await writeFile(join(cwd, 'taken.jsonl'), 'an older backup\n')
    // A selection that matches, so the backup is due before any change.
    const taken = await runCli(
      [
        'update',
        '-e',
        'angus@acdc.com',
        '--set',
        'user_metadata.x=1',
        '--backup',
        'taken.jsonl',
        '-y',
      ],
      tenant.env,
      cwd,
    )
    expect(taken.code).toBe(1)
    expect(taken.stderr).toContain(
      `auth0plus users: the backup file ${join(cwd, 'taken.jsonl')} exists already and is never overwritten: pass another --backup.`,
    )
    expect(taken.stdout).toContain('No user was updated.')
    expect(await readFile(join(cwd, 'taken.jsonl'), 'utf8')).toBe('an older backup\n')
  })

  it('for setup mistakes, naming the settings: DOMAIN that is not a host, a refused secret', async () => {
    const domain = await runCli(['count'], {
      ...tenant.env,
      DOMAIN: 'https://acme.eu.auth0.com/api/v2',
    })
    expect(domain.code).toBe(2)
    expect(oneLine(domain.stderr)).toContain(
      'DOMAIN=https://acme.eu.auth0.com/api/v2 is not a tenant host or origin',
    )
    const refused = await runCli(['count'], { ...tenant.env, CLIENT_SECRET: `${SECRET}-wrong` })
    expect(refused.code).toBe(1)
    expect(oneLine(refused.stderr)).toMatch(
      new RegExp(
        `^auth0plus users: 401: .*\\(check CLIENT_ID and CLIENT_SECRET for DOMAIN=${tenant.env.DOMAIN}`,
      ),
    )
    const missing = await runCli(['count'], { DOMAIN: 'acme.eu.auth0.com' })
    expect(oneLine(missing.stderr)).not.toContain('fromEnv')
  })
})

describe.concurrent('the CLI speaks flags', { timeout: 60_000 }, () => {
  it('in the advice of a refused lookup, not the library API', async () => {
    const star = await runCli(['count', '--email', '*'], tenant.env)
    expect(star.code).toBe(2)
    expect(oneLine(star.stderr)).toMatch(/use --where email__exists=true$/)
    const key = await runCli(['count', '--where', 'user_metadata.a b=1'], tenant.env)
    expect(key.code).toBe(2)
    expect(oneLine(key.stderr)).toMatch(
      /^auth0plus users: usage: Invalid lookup .*write the query with --q '\.\.\.'$/,
    )
    for (const text of [star.stderr, key.stderr]) expect(text).not.toMatch(/Q\.raw|\{ |fromEnv/)
  })
})

describe.concurrent('for scripts', { timeout: 60_000 }, () => {
  it('a closed pipe ends `list --json` quietly with exit 0', async (context) => {
    const many = await bandTenant({
      users: Array.from({ length: 600 }, (_, i) => ({ email: `fan${i}@pipe.test` })),
    })
    context.onTestFinished(() => many.tenant.stop())
    const child = startCli(['list', '--json', '--all-connections'], many.env, await scratchDir())
    // `| head -1`: read one chunk, then close the pipe.
    child.stdout!.once('data', () => child.stdout!.destroy())
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((done) => child.on('close', done))
    expect(stderr).toBe('')
    expect(code).toBe(0)
  })

  it('--env, --json summaries, --sort, short flags and --debug', async () => {
    const cwd = await scratchDir()
    const lines = Object.entries(tenant.env).map(([key, value]) => `${key}=${value}`)
    await writeFile(join(cwd, 'tenant.env'), lines.join('\n'))
    const count = await runCli(['count', '-j', '-e', '*@acdc.com', '--env', 'tenant.env'], {}, cwd)
    expect(count).toMatchObject({ code: 0, stdout: '{"count":3}\n' })
    const noFile = await runCli(['count', '--env', 'nope.env'], {}, cwd)
    expect(noFile.code).toBe(2)
    expect(oneLine(noFile.stderr)).toBe('auth0plus users: usage: --env nope.env: no such file.')

    const sorted = await runCli(
      ['list', '-f', 'email', '-s', '-logins_count', '-n', '2'],
      tenant.env,
    )
    expect(sorted.stdout.trimEnd().split('\n').slice(2)).toEqual([
      'angus@acdc.com',
      'freddie@queen.com',
    ])

    const preview = await runCli(['delete', '-e', '*@acdc.com', '--json'], tenant.env)
    expect(preview.code).toBe(3)
    expect(JSON.parse(preview.stdout)).toEqual({
      action: 'delete',
      status: 'preview',
      matched: 3,
      deleted: 0,
      failed: [],
      notAttempted: [],
      backup: null,
    })
    expect(preview.stderr).toContain('No user was deleted. Re-run with --yes')

    const debug = await runCli(['count', '--debug'], tenant.env)
    expect(debug.stdout).toBe('4\n')
    expect(debug.stderr).toMatch(/^debug: GET \/users 200 \d+ ms/m)
  })

  it('--json summaries of update and restore', async (context) => {
    const own = await bandTenant()
    context.onTestFinished(() => own.tenant.stop())
    const cwd = await scratchDir()
    const update = await runCli(
      ['update', '-e', 'bon@acdc.com', '--set', 'blocked=true', '--backup', 'b.jsonl', '-y', '-j'],
      own.env,
      cwd,
    )
    expect(update.code).toBe(0)
    expect(JSON.parse(update.stdout)).toEqual({
      action: 'update',
      status: 'done',
      matched: 1,
      updated: 1,
      failed: [],
      notAttempted: [],
      backup: join(cwd, 'b.jsonl'),
    })
    const restore = await runCli(
      ['restore', 'b.jsonl', '--random-password', '--json'],
      own.env,
      cwd,
    )
    expect(restore.code).toBe(0)
    expect(JSON.parse(restore.stdout)).toMatchObject({
      action: 'restore',
      status: 'done',
      matched: 1,
      restored: 0,
      skipped: [{ reason: 'already exists' }],
    })
  })
})
