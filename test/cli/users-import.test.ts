import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, type TestContext } from 'vitest'
import { bandTenant, runCli, scratchDir } from './run-cli.js'

async function fresh(context: TestContext) {
  const tenant = await bandTenant()
  context.onTestFinished(() => tenant.tenant.stop())
  return tenant
}

const HASH = '$2b$10$abcdefghijklmnopqrstuuJ4sOaK3gHUmzNvC3L3F8oKSjHr4aOqe'

/** Lines 1–3 in the import schema, line 4 a backup line (as `delete` writes it), line 5 a social user. */
const LINES = [
  { email: 'malcolm@acdc.com', given_name: 'Malcolm', password_hash: HASH },
  { email: 'cliff@acdc.com', email_verified: true },
  { email: 'phil@acdc.com', user_id: 'phil-1975', app_metadata: { drums: true } },
  {
    user_id: 'auth0|0000000000000000000000aa',
    email: 'axl@acdc.com',
    email_verified: true,
    name: 'Axl',
    picture: 'https://s.gravatar.com/avatar/x.png',
    created_at: '2016-04-16T00:00:00.000Z',
    updated_at: '2016-04-16T00:00:00.000Z',
    logins_count: 3,
    identities: [
      {
        connection: 'Username-Password-Authentication',
        provider: 'auth0',
        user_id: '0000000000000000000000aa',
        isSocial: false,
      },
    ],
  },
  {
    user_id: 'google-oauth2|1001',
    email: 'social@gmail.test',
    identities: [{ connection: 'google-oauth2', provider: 'google-oauth2', user_id: '1001' }],
  },
]

async function fileOf(lines: unknown[]): Promise<{ cwd: string; file: string }> {
  const cwd = await scratchDir()
  const file = join(cwd, 'users.jsonl')
  await writeFile(file, lines.map((line) => JSON.stringify(line)).join('\n') + '\n')
  return { cwd, file }
}

describe.concurrent('auth0plus users import', { timeout: 60_000 }, () => {
  it('imports a JSON-lines file (import schema and backup lines), skipping a social user', async (context) => {
    const { env, auth0 } = await fresh(context)
    const { cwd } = await fileOf(LINES)
    const run = await runCli(['import', 'users.jsonl'], env, cwd)
    expect(run.stderr).toMatch(/^progress: 4\/4/m)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      '4 users to import into Username-Password-Authentication from users.jsonl.',
    )
    expect(run.stdout).toMatch(
      /read: +4\ninserted: +4\nupdated: +0\nskipped: +1\n {2}line 5 {2}a google-oauth2 user: not a database user\nfailed: +0\nnot attempted: +0\njobs: +job_\w+ completed \(lines 1–4\)\n/,
    )
    expect(run.stdout).not.toContain(HASH)
    const axl = await auth0.users.get({ email: 'axl@acdc.com' })
    expect(axl).toMatchObject({ user_id: 'auth0|0000000000000000000000aa', name: 'Axl' })
    expect((await auth0.users.get({ email: 'phil@acdc.com' })).user_id).toBe('auth0|phil-1975')
  })

  it('lists every user Auth0 refused with its line and code, and exits 1; --json says the same', async (context) => {
    const { env } = await fresh(context)
    const { cwd } = await fileOf([{ email: 'new@acdc.com' }, { email: 'angus@acdc.com' }])
    const run = await runCli(['import', 'users.jsonl'], env, cwd)
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/inserted: +1\n/)
    expect(run.stdout).toMatch(/failed: +1\n {2}line 2 {2}angus@acdc\.com {2}DUPLICATED_USER {2}/)

    const json = await runCli(['import', 'users.jsonl', '--upsert', '--json'], env, cwd)
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({
      action: 'import',
      status: 'done',
      read: 2,
      inserted: 0,
      updated: 2,
      failed: [],
      notAttempted: [],
    })
  })

  it('refuses a bad line before any request (exit 2, file:line), and --dry-run sends nothing', async (context) => {
    const { env, emails } = await fresh(context)
    const before = await emails()
    const { cwd } = await fileOf([{ email: 'a@acdc.com' }, { email: 'b@acdc.com', pasword: 'x' }])
    const run = await runCli(['import', 'users.jsonl'], env, cwd)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      "users.jsonl:2 has 'pasword', not a field of Auth0's import schema. Nothing was imported.",
    )
    expect(await emails()).toEqual(before)

    const good = await fileOf(LINES)
    const dry = await runCli(['import', 'users.jsonl', '--dry-run'], env, good.cwd)
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('Dry run: no user was imported.')
    expect(await emails()).toEqual(before)
  })
})
