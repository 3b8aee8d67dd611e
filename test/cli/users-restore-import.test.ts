import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bandTenant, runCli, scratchDir } from './run-cli.js'

const CONNECTION = 'Username-Password-Authentication'

/** A backup line as `delete` writes it: a database user as GET /users returns it. */
function backupLine(i: number, email = `roadie${i}@acdc.com`) {
  const id = `restored${String(i).padStart(16, '0')}`
  return {
    user_id: `auth0|${id}`,
    email,
    email_verified: i % 2 === 0,
    name: `Roadie ${i}`,
    user_metadata: { crew: 'stage', n: i },
    app_metadata: { tour: 1979 },
    created_at: '2020-01-01T00:00:00.000Z',
    logins_count: i,
    identities: [{ connection: CONNECTION, provider: 'auth0', user_id: id, isSocial: false }],
  }
}

describe('auth0plus users restore through import jobs', { timeout: 60_000 }, () => {
  it('restores 30 database users with one import job, keeps ids and metadata, skips one that exists', async (context) => {
    const { env, auth0, tenant } = await bandTenant()
    context.onTestFinished(() => tenant.stop())
    const angus = (await auth0.users.get({ email: 'angus@acdc.com' })).user_id
    const lines = [
      ...Array.from({ length: 30 }, (_, i) => backupLine(i)),
      { ...backupLine(99, 'angus@acdc.com'), user_id: angus },
    ]
    const cwd = await scratchDir()
    await writeFile(join(cwd, 'b.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
    const run = await runCli(['restore', 'b.jsonl', '--random-password', '--debug'], env, cwd)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /matched: +31\nrestored: +30\nskipped: +1\n {2}auth0\|\w+ {2}already exists\nfailed: +0\n/,
    )
    // One upload (31 users fit one file), polls, the error report; no POST /users at all.
    expect(run.stderr.match(/^debug: POST \/jobs\/users-imports 202/gm)).toHaveLength(1)
    expect(run.stderr).toMatch(/^debug: GET \/jobs\/job_\w+\/errors 200/m)
    expect(run.stderr).not.toMatch(/^debug: POST \/users /m)
    const restored = await auth0.users.query({ email: 'roadie*' }).toArray()
    expect(restored).toHaveLength(30)
    const r7 = restored.find((user) => user.email === 'roadie7@acdc.com')!
    expect(r7).toMatchObject({
      user_id: 'auth0|restored0000000000000007',
      email_verified: false,
      name: 'Roadie 7',
      user_metadata: { crew: 'stage', n: 7 },
      app_metadata: { tour: 1979 },
    })
  })

  it('sends a user an import job cannot express (no e-mail) one POST of its own', async (context) => {
    const { env, auth0, tenant } = await bandTenant({
      users: [],
      connections: [{ name: CONNECTION, requiresUsername: true }],
    } as never)
    context.onTestFinished(() => tenant.stop())
    const lines = [
      ...Array.from({ length: 20 }, (_, i) => ({ ...backupLine(i), username: `roadie${i}` })),
      { ...backupLine(50), email: undefined, username: 'roadie50' },
    ]
    const cwd = await scratchDir()
    await writeFile(join(cwd, 'b.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
    const run = await runCli(['restore', 'b.jsonl', '--random-password', '--debug'], env, cwd)
    expect(run.stderr.match(/^debug: POST \/jobs\/users-imports 202/gm)).toHaveLength(1)
    expect(run.stderr.match(/^debug: POST \/users \d+/gm)).toHaveLength(1)
    // This tenant wants an e-mail on POST /users too: the one user fails there, by its own POST.
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /matched: +21\nrestored: +20\nskipped: +0\nfailed: +1\n {2}auth0\|restored0+50 {2}400: Payload validation error: 'Missing required property: email'\.\n/,
    )
    expect(await auth0.users.all().count()).toBe(20)
  })

  it('falls back to one POST per user when the credentials may not read connections', async (context) => {
    const { tenant } = await bandTenant({
      clients: [
        {
          clientId: 'no-connections',
          clientSecret: 'no-connections-secret-0123456789',
          scopes: ['read:users', 'create:users', 'update:users', 'delete:users'],
        },
      ],
    })
    context.onTestFinished(() => tenant.stop())
    const env = {
      DOMAIN: tenant.domain,
      CLIENT_ID: 'no-connections',
      CLIENT_SECRET: 'no-connections-secret-0123456789',
      CONNECTION,
    }
    const lines = Array.from({ length: 20 }, (_, i) => backupLine(i))
    const cwd = await scratchDir()
    await writeFile(join(cwd, 'b.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
    const run = await runCli(['restore', 'b.jsonl', '--random-password', '--debug'], env, cwd)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`No import job for ${CONNECTION} (403: `)
    expect(run.stdout).toMatch(/matched: +20\nrestored: +20\nskipped: +0\nfailed: +0\n/)
    expect(run.stderr).not.toMatch(/^debug: POST \/jobs\/users-imports/m)
    expect(run.stderr.match(/^debug: POST \/users 201/gm)).toHaveLength(20)
  })
})
