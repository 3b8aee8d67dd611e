import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bandTenant, runCli } from './run-cli.js'

let tenant: Awaited<ReturnType<typeof bandTenant>>

beforeAll(async () => {
  tenant = await bandTenant()
})
afterAll(() => tenant.tenant.stop())

const idOf = async (email: string) => (await tenant.auth0.users.get({ email })).user_id!

// One test after the other: each run starts a CLI process on a shared machine.
describe('auth0plus users reset-password', { timeout: 180_000 }, () => {
  it('shows what it would do without --yes, and prints one working ticket per user with it', async () => {
    const dry = await runCli(['reset-password', '--email', 'angus@acdc.com'], tenant.env)
    expect(dry.code).toBe(3) // preview only: nothing changed
    expect(dry.stdout).toContain('1 user match')
    expect(dry.stdout).toContain('Re-run with --yes to print a password-change ticket')
    expect(dry.stdout).not.toContain('/u/reset-password')

    const run = await runCli(
      ['reset-password', '--email', 'angus@acdc.com', '--ttl', '600', '--yes'],
      tenant.env,
    )
    expect(run.code).toBe(0)
    const id = await idOf('angus@acdc.com')
    const line = run.stdout.split('\n').find((l) => l.startsWith(`${id}  `))!
    const url = line.slice(id.length + 2)
    expect(url.startsWith(`${tenant.tenant.domain}/u/reset-password?ticket=`)).toBe(true)
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(200)
    expect(run.stdout).toMatch(/matched: +1\nticketed: +1\nfailed: +0\n/)
  })

  it('refuses bad flags with exit 2 before acting', async () => {
    const all = await runCli(['reset-password', '--yes'], tenant.env)
    expect(all.code).toBe(2)
    expect(all.stderr).toContain('add --everyone')
    const ttl = await runCli(
      ['reset-password', '--email', 'bon@acdc.com', '--ttl', '0', '--yes'],
      tenant.env,
    )
    expect(ttl.code).toBe(2)
    expect(ttl.stderr).toContain('ttlSec must be a whole number of seconds')
    expect(ttl.stdout).not.toContain('/u/reset-password')
    const mixed = await runCli(
      ['reset-password', '--email', 'bon@acdc.com', '--mail', '--ttl', '60'],
      tenant.env,
    )
    expect(mixed.code).toBe(2)
  })
})

describe(
  'auth0plus users verify-email, unblock, revoke-sessions, logs',
  { timeout: 180_000 },
  () => {
    it('verify-email mails only the unverified users of the selection, and logs tell it', async () => {
      const run = await runCli(['verify-email', '--email', '*@acdc.com', '--yes'], tenant.env)
      expect(run.code).toBe(0)
      expect(run.stdout).toContain('2 users match') // angus is verified already
      expect(run.stdout).toMatch(/job_\w+ (pending|completed)/)
      const mailed = tenant.tenant.outbox
        .list()
        .filter((m) => m.template === 'verify_email')
        .map((m) => m.to)
      expect(mailed.sort()).toEqual(['bon@acdc.com', 'brian@acdc.com'])

      const logs = await runCli(['logs', await idOf('bon@acdc.com'), '--json'], tenant.env)
      expect(logs.code).toBe(0)
      const types = logs.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { type: string }).type)
      expect(types).toContain('svr')
      const table = await runCli(['logs', await idOf('bon@acdc.com'), '--limit', '1'], tenant.env)
      expect(table.stdout).toMatch(/^date\s+type\s+description/)
      expect(table.stderr).toBe('1 log event\n')
    })

    it('verify-email --ticket prints tickets; --result-url needs --ticket', async () => {
      const run = await runCli(
        [
          'verify-email',
          '--email',
          'freddie@queen.com',
          '--ticket',
          '--result-url',
          'https://app.example/ok',
          '--yes',
        ],
        tenant.env,
      )
      expect(run.code).toBe(0)
      expect(run.stdout).toContain('/u/email-verification?ticket=')
      const bad = await runCli(
        ['verify-email', '--email', 'freddie@queen.com', '--result-url', 'https://app.example/ok'],
        tenant.env,
      )
      expect(bad.code).toBe(2)
    })

    it('unblock lifts the blocks of users or of one identifier', async () => {
      const one = await runCli(['unblock', '--identifier', 'someone@acdc.com', '--yes'], tenant.env)
      expect(one).toMatchObject({ code: 0, stdout: 'Unblocked someone@acdc.com.\n' })
      const mixed = await runCli(
        ['unblock', '--identifier', 'a@b.c', '--email', 'a@b.c'],
        tenant.env,
      )
      expect(mixed.code).toBe(2)
      const users = await runCli(['unblock', '--email', 'brian@acdc.com', '--yes'], tenant.env)
      expect(users.code).toBe(0)
      expect(users.stdout).toContain('unblocked (0 blocks)')
    })

    it('revoke-sessions revokes sessions and refresh tokens of each user', async () => {
      const run = await runCli(
        ['revoke-sessions', '--email', 'angus@acdc.com', '--yes'],
        tenant.env,
      )
      expect(run.code).toBe(0)
      expect(run.stdout).toContain('sessions and refresh tokens revoked')
      expect(run.stdout).toMatch(/revoked: +1\nfailed: +0/)
    })

    it('logs of an unknown user fail with exit 1', async () => {
      const run = await runCli(['logs', 'auth0|nobody'], tenant.env)
      expect(run.code).toBe(1)
      expect(run.stderr).toContain('User Does Not Exist')
    })
  },
)
