import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, type TestContext } from 'vitest'
import { BAND_USERS, bandTenant, finished, runCli, scratchDir, startCli } from './run-cli.js'

/** A tenant of the test's own (tests run side by side), stopped when the test ends. */
async function fresh(context: TestContext, options: Parameters<typeof bandTenant>[0] = {}) {
  const tenant = await bandTenant(options)
  context.onTestFinished(() => tenant.tenant.stop())
  return tenant
}

const ACDC = ['delete', '--email', '*@acdc.com']
const ALL_EMAILS = BAND_USERS.map((user) => user.email).sort()

describe.concurrent('auth0plus users delete: before acting', { timeout: 60_000 }, () => {
  it('shows the count and a sample, and deletes nothing without --yes', async (context) => {
    const { env, emails } = await fresh(context)
    const cwd = await scratchDir()
    const run = await runCli(ACDC, env, cwd)
    expect(run.code).toBe(3) // a preview: nothing done, and not to be read as done
    expect(run.stdout).toContain(
      '3 users match email:*@acdc.com AND identities.connection:"Username-Password-Authentication"',
    )
    expect(run.stdout).toMatch(/ {2}auth0\|\w+ {2}angus@acdc\.com\n/)
    expect(run.stdout).toContain('No user was deleted. Re-run with --yes to delete these 3 users')
    expect(await emails()).toEqual(ALL_EMAILS)
    expect(await readdir(cwd)).toEqual([]) // no backup either
  })

  it('--dry-run never acts, even with --yes', async (context) => {
    const { env, emails } = await fresh(context)
    const cwd = await scratchDir()
    const run = await runCli([...ACDC, '--dry-run', '--yes'], env, cwd)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Dry run: no user was deleted and no backup was written.')
    expect(await emails()).toEqual(ALL_EMAILS)
    expect(await readdir(cwd)).toEqual([])
  })

  it('--max refuses to act on more users than that', async (context) => {
    const { env, emails } = await fresh(context)
    const run = await runCli([...ACDC, '--max', '2', '--yes'], env)
    expect(run.code).toBe(3)
    expect(run.stdout).toContain('Refused: 3 users match, more than --max 2. No user was deleted.')
    expect(await emails()).toEqual(ALL_EMAILS)
  })

  it('says so when nothing matches', async (context) => {
    const { env } = await fresh(context)
    const run = await runCli(['delete', '--email', 'nobody@nowhere.io', '--yes'], env)
    expect(run).toMatchObject({ code: 0 })
    expect(run.stdout).toContain('Nothing to delete.')
  })
})

describe.concurrent('auth0plus users delete --yes, and restore', { timeout: 60_000 }, () => {
  it('backs up every matched user as full JSON lines (default name), deletes them, and restores them', async (context) => {
    const { env, emails, auth0 } = await fresh(context, { passwordPolicy: 'excellent' })
    const before = (await auth0.users.query({ email: '*@acdc.com' }).toArray()).map((u) =>
      u.asDict(),
    )
    const cwd = await scratchDir()
    const run = await runCli([...ACDC, '--max', '3', '--yes'], env, cwd)
    expect(run.code).toBe(0)
    expect(await emails()).toEqual(['freddie@queen.com'])

    const [name, ...others] = await readdir(cwd)
    expect(others).toEqual([])
    const port = new URL(env.DOMAIN!).port
    expect(name).toMatch(
      new RegExp(
        `^auth0plus-backup-127\\.0\\.0\\.1-${port}-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z\\.jsonl$`,
      ),
    )
    const backup = join(cwd, name!)
    const lines = (await readFile(backup, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(lines.sort(byEmail)).toEqual(before.sort(byEmail))
    expect(run.stdout).toContain(`Backed up 3 users to ${backup} (synced to disk).`)
    expect(run.stdout).toMatch(
      /matched: +3\ndeleted: +3\nfailed: +0\nnot attempted: +0\nbackup: +\S+\.jsonl\n/,
    )
    expect(run.stderr).toMatch(/^progress: 3\/3 +100%/m)

    const refused = await runCli(['restore', backup], env, cwd)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('Passwords cannot be restored: Auth0 never returns them')
    expect(await emails()).toEqual(['freddie@queen.com'])

    const restored = await runCli(['restore', backup, '--random-password'], env, cwd)
    expect(restored.code).toBe(0)
    expect(restored.stdout).toContain('3 users in')
    expect(restored.stdout).toMatch(/matched: +3\nrestored: +3\nskipped: +0\nfailed: +0\n/)
    const after = (await auth0.users.query({ email: '*@acdc.com' }).toArray()).map((u) =>
      u.asDict(),
    )
    const kept = (u: Record<string, unknown>) => ({
      user_id: u.user_id,
      email: u.email,
      email_verified: u.email_verified,
      user_metadata: u.user_metadata,
      app_metadata: u.app_metadata,
      name: u.name,
      picture: u.picture,
    })
    expect(after.sort(byEmail).map(kept)).toEqual(before.sort(byEmail).map(kept))

    // A second restore finds them all there: skipped, not failures.
    const again = await runCli(['restore', backup, '--random-password'], env, cwd)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/restored: +0\nskipped: +3\n {2}auth0\|\w+ {2}already exists\n/)
  })

  it('writes the backup where --backup says, and updates too', async (context) => {
    const { env, auth0 } = await fresh(context)
    const cwd = await scratchDir()
    const args = [
      'update',
      '--where',
      'user_metadata.band=AC/DC',
      '--set',
      'app_metadata.tour=2025',
      '--set',
      'blocked=true',
    ]
    const run = await runCli([...args, '--backup', 'before-tour.jsonl', '--yes'], env, cwd)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Change: {"app_metadata":{"tour":"2025"},"blocked":true}')
    expect(run.stdout).toMatch(/matched: +3\nupdated: +3\n/)
    const backup = (await readFile(join(cwd, 'before-tour.jsonl'), 'utf8')).trimEnd().split('\n')
    expect(backup.map((line) => JSON.parse(line).app_metadata?.tour)).toEqual([
      undefined,
      undefined,
      undefined,
    ])
    const users = await auth0.users.query({ 'app_metadata.tour': '2025' }).toArray()
    expect(users.map((u) => [u.email, u.blocked, u.app_metadata]).sort()).toEqual([
      ['angus@acdc.com', true, { tour: '2025' }],
      ['bon@acdc.com', true, { role: 'singer', tour: '2025' }],
      ['brian@acdc.com', true, { tour: '2025' }],
    ])
  })

  it('a user that fails makes the exit code non-zero and is named with its reason', async (context) => {
    // Search lags writes by a minute here: a user deleted behind the CLI's back is still found.
    const { env, auth0 } = await fresh(context, { indexDelayMs: 60_000 })
    const gone = await auth0.users.get({ email: 'bon@acdc.com' })
    await gone.delete()
    const run = await runCli(
      ['update', '--email', '*@acdc.com', '--set', 'user_metadata.tour=yes', '--yes'],
      env,
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/matched: +3\nupdated: +2\nfailed: +1\n/)
    expect(run.stdout).toContain(`  ${gone.user_id}  404: The user does not exist.`)
  })

  it('reports users not attempted when the tenant refuses the credentials', async (context) => {
    const { env, emails } = await fresh(context, {
      clients: [{ clientId: 'reader', clientSecret: 'reader-secret-123', scopes: ['read:users'] }],
    })
    const run = await runCli([...ACDC, '--yes'], {
      ...env,
      CLIENT_ID: 'reader',
      CLIENT_SECRET: 'reader-secret-123',
    })
    expect(run.code).toBe(1)
    // The first refusal is the failure; the library then sends no more.
    expect(run.stdout).toMatch(
      /deleted: +0\nfailed: +1\n {2}auth0\|\w+ {2}403: Insufficient scope, expected any of: delete:users\nnot attempted: +2\n/,
    )
    expect(run.stdout).not.toContain('reader-secret-123')
    expect(await emails()).toEqual(ALL_EMAILS)
  })
})

describe('Ctrl-C during a job', { timeout: 60_000 }, () => {
  it('stops starting requests, says what was and was not done, and exits 130', async (context) => {
    const many = Array.from({ length: 30 }, (_, i) => ({ email: `roadie${i}@acdc.com` }))
    const { env, auth0 } = await fresh(context, {
      users: many,
      rateLimit: { burst: 3, perSecond: 5 },
    })
    const child = startCli(['delete', '--email', 'roadie*', '--yes'], env, await scratchDir())
    const done = finished(child)
    await new Promise<void>((resolve) => {
      let out = ''
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes('Backed up')) setTimeout(resolve, 800)
      })
    })
    child.kill('SIGINT')
    const run = await done
    expect(run.code).toBe(130)
    expect(run.stderr).toContain('Interrupted: finishing the requests in flight')
    expect(run.stdout).toContain('Interrupted (Ctrl-C): no new requests were started.')
    const deleted = Number(/deleted: +(\d+)/.exec(run.stdout)![1])
    const notAttempted = Number(/not attempted: +(\d+)/.exec(run.stdout)![1])
    expect(deleted).toBeGreaterThan(0)
    expect(notAttempted).toBeGreaterThan(0)
    expect(deleted + notAttempted).toBe(30)
    expect(await auth0.users.query({ email: 'roadie*' }).count()).toBe(notAttempted)
  })
})

function byEmail(a: Record<string, unknown>, b: Record<string, unknown>): number {
  return String(a.email).localeCompare(String(b.email))
}

describe('auth0plus users restore through faults', { timeout: 60_000 }, () => {
  it('sends a refused or lost create again, so no user of the backup is lost', async (context) => {
    // A quarter of the API requests fail: 429s, 503s and reset connections, seeded.
    const { env, auth0 } = await fresh(context, {
      faults: { rate: 0.25, kinds: ['429', '503', 'reset'], seed: 7 },
    })
    const cwd = await scratchDir()
    const ids = Array.from({ length: 30 }, (_, i) => `restored${String(i).padStart(18, '0')}`)
    const lines = ids.map((id, i) =>
      JSON.stringify({
        user_id: `auth0|${id}`,
        email: `roadie${i}@acdc.com`,
        email_verified: true,
        identities: [
          {
            connection: 'Username-Password-Authentication',
            user_id: id,
            provider: 'auth0',
            isSocial: false,
          },
        ],
      }),
    )
    await writeFile(join(cwd, 'backup.jsonl'), `${lines.join('\n')}\n`)
    const run = await runCli(['restore', 'backup.jsonl', '--random-password'], env, cwd)
    expect(run.stdout).toMatch(/failed: +0\n/)
    expect(run.code).toBe(0)
    const restored = await auth0.users.query({ email: 'roadie*' }).toArray()
    expect(restored.map((user) => user.user_id).sort()).toEqual(
      ids.map((id) => `auth0|${id}`).sort(),
    )
  })
})

describe.concurrent('IdP tokens', { timeout: 60_000 }, () => {
  it('are left out of list --json, export and backups', async (context) => {
    const social = {
      email: 'social@idp.test',
      identities: [
        {
          connection: 'google-oauth2',
          provider: 'google-oauth2',
          user_id: '1001',
          isSocial: true,
          access_token: 'ya29.idp-access-token-Q7',
          access_token_secret: 'idp-token-secret-Q7',
          refresh_token: '1//idp-refresh-token-Q7',
        },
      ],
    }
    const { env } = await fresh(context, { users: [...BAND_USERS, social] })
    const cwd = await scratchDir()
    const selection = ['--email', 'social@idp.test', '--all-connections']
    const list = await runCli(['list', '--json', ...selection], env, cwd)
    const exported = await runCli(['export', '--json', '--all-connections'], env, cwd)
    const deleted = await runCli(
      ['delete', ...selection, '--backup', 'social.jsonl', '--yes'],
      env,
      cwd,
    )
    expect([list.code, exported.code, deleted.code]).toEqual([0, 0, 0])
    const backup = await readFile(join(cwd, 'social.jsonl'), 'utf8')
    for (const text of [list.stdout, exported.stdout, backup]) {
      expect(text).toContain('"provider":"google-oauth2"')
      expect(text).not.toContain('idp-')
      expect(text).not.toMatch(/access_token|refresh_token/)
    }
  })
})
