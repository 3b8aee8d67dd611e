/**
 * Secrets: the access tokens, the client secret and the passwords used never show up in an
 * error (any view of it), a debug log line, or the CLI's output, including under faults; the file
 * token store is private; a user's pending password is invisible to inspect and JSON.
 */
import { mkdtemp, stat, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { format, inspect } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../../src/emulator/index.js'
import { Auth0, AttributeError, FileTokenStore, getToken } from '../../src/index.js'
import { cliEnv, runCli, type CliRun } from './support/cli.js'
import { FAULTS } from './support/fault-suite.js'
import { JWT, leaks, printFigures } from './support/figures.js'
import { startTap } from './support/tap.js'
import {
  connect,
  PASSWORD,
  RecordingLogger,
  RecordingTokenStore,
  seedUsers,
} from './support/tenant.js'

const CLIENT_SECRET = 'reliability-client-secret-7Hq2Lm9X'
const NEW_PASSWORD = 'Back-in-Black-1980'
const WEAK_PASSWORD = 'weakling-password'

const figures = { requests: 0, texts: 0, leaks: 0 }
afterAll(() =>
  printFigures({
    suite: 'secrets',
    requests: figures.requests,
    users: 0,
    leaks: figures.leaks,
    extra: `texts searched=${figures.texts}`,
  }),
)

/** Every way an error can end up in a log: message, JSON, inspect with hidden fields, stack, cause. */
function views(error: unknown): string[] {
  const e = error as Error
  return [
    String(e),
    JSON.stringify(e) ?? '',
    inspect(e, { depth: null, showHidden: true }),
    e.stack ?? '',
    inspect(e.cause, { depth: null, showHidden: true }),
    format('%o %j', e, e),
  ]
}

function expectNoLeak(texts: string[], secrets: string[]): void {
  const found = leaks(texts, secrets)
  figures.texts += texts.length
  figures.leaks += found.length
  expect(found).toEqual([])
}

describe('errors and debug lines of jobs under faults', () => {
  it('never hold a token, the client secret or a password', async () => {
    const tenant = await startEmulator({
      port: 0,
      clientSecret: CLIENT_SECRET,
      faults: { ...FAULTS, rate: 0.2 },
      users: seedUsers(150, 'fan', 'secret.test'),
      clients: [
        {
          clientId: 'reader',
          clientSecret: `${CLIENT_SECRET}-reader`,
          scopes: ['read:users'],
        },
      ],
    })
    const tap = await startTap(tenant)
    try {
      const logger = new RecordingLogger()
      const tokens = new RecordingTokenStore()
      const auth0 = connect(tenant, { logger, tokenStore: tokens }, tap.domain)
      const reader = new Auth0(tap.domain, {
        clientId: 'reader',
        clientSecret: `${CLIENT_SECRET}-reader`,
        defaultConnection: tenant.connection,
        tokenStore: tokens,
        logger,
      })
      const errors: unknown[] = []
      const keep = (e: unknown) => void errors.push(e)

      // Creates with passwords: one in eight meets a 5xx or a reset (a POST is not re-sent).
      const created = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          auth0.users
            .create({ email: `new-${i}@secret.test`, password: PASSWORD })
            .catch((e: unknown) => (keep(e), undefined)),
        ),
      )
      // Password changes (PATCH bodies holding the password), some failing.
      await Promise.all(
        created.flatMap((user) => {
          if (!user) return []
          user.password = NEW_PASSWORD
          return [user.save().catch(keep)]
        }),
      )
      // A weak password, which Auth0 answers with a 400 describing the policy.
      await auth0.users.create({ email: 'weak@secret.test', password: WEAK_PASSWORD }).catch(keep)
      // Bulk jobs: one with a client that may not delete (403 stops it), one under faults.
      const denied = await reader.users.query({ email: '*@secret.test' }).delete().catch(keep)
      if (denied) for (const f of denied.failed) keep(f.error)
      const update = await auth0.users
        .query({ email: 'fan-*' })
        .update({ app_metadata: { seen: true } })
        .catch(keep)
      expect(update).toMatchObject({ total: 150 })
      if (update) for (const f of update.failed) keep(f.error)
      // A token refused after renewal, a bad secret, an unreachable tenant.
      const issued = await getToken(tenant.domain, tenant.clientId, CLIENT_SECRET)
      await new Auth0(tap.domain, `${issued.access_token}x`, { logger }).users
        .get('auth0|1')
        .catch(keep)
      await getToken(tenant.domain, tenant.clientId, `${CLIENT_SECRET}x`).catch(keep)
      await new Auth0('http://127.0.0.1:9', {
        clientId: 'x',
        clientSecret: CLIENT_SECRET,
        logger,
      }).users
        .get('auth0|1')
        .catch(keep)

      expect(errors.length).toBeGreaterThan(10)
      const secrets = [
        ...tokens.issued,
        issued.access_token,
        CLIENT_SECRET,
        PASSWORD,
        NEW_PASSWORD,
        WEAK_PASSWORD,
      ]
      expect(tokens.issued.length).toBeGreaterThan(0)
      expect(logger.lines.length).toBeGreaterThan(100)
      expectNoLeak([...errors.flatMap(views), ...logger.lines], secrets)
      figures.requests += tap.counts.api
    } finally {
      await tap.stop()
      await tenant.stop()
    }
  }, 60_000)
})

describe("the CLI's output", () => {
  it('never holds the client secret or a token, whatever the command and its outcome', async () => {
    const tenant = await startEmulator({
      port: 0,
      clientSecret: CLIENT_SECRET,
      faults: FAULTS,
      users: seedUsers(120, 'roadie', 'cli-secret.test'),
    })
    const tap = await startTap(tenant)
    const dir = await mkdtemp(join(tmpdir(), 'auth0plus-reliability-'))
    try {
      const env = cliEnv(tenant, tap.domain)
      const runs: CliRun[] = await Promise.all([
        runCli(['count'], env, dir),
        runCli(['list', '--json', '--email', '*@cli-secret.test'], env, dir),
        runCli(
          [
            'update',
            '--email',
            'roadie-1*',
            '--set',
            'user_metadata.crew=yes',
            '--yes',
            '--backup',
            'u.jsonl',
          ],
          env,
          dir,
        ),
        runCli(['count'], { ...env, CLIENT_SECRET: `${CLIENT_SECRET}x` }, dir),
        runCli(['delete', '--q', 'name:(', '--yes'], env, dir),
      ])
      const deleted = await runCli(
        ['delete', '--email', 'roadie-2*', '--yes', '--backup', 'd.jsonl'],
        env,
        dir,
      )
      const restored = await runCli(['restore', 'd.jsonl', '--random-password'], env, dir)
      runs.push(deleted, restored)
      expect(restored.stdout).toContain('restored:')
      expect(runs.some((run) => run.code !== 0)).toBe(true)
      const texts = runs.flatMap((run) => [run.stdout, run.stderr])
      for (const text of texts) expect(text).not.toMatch(JWT)
      const backups = await Promise.all(
        ['u.jsonl', 'd.jsonl'].map((f) => readFile(join(dir, f), 'utf8')),
      )
      expectNoLeak([...texts, ...backups], [CLIENT_SECRET])
      figures.requests += tap.counts.api
    } finally {
      await tap.stop()
      await tenant.stop()
    }
  }, 60_000)
})

describe('the file token store', () => {
  it('creates its file 0600 (and its folder 0700) whatever the umask, and tightens a loose one', async () => {
    const tenant = await startEmulator({ port: 0 })
    const dir = await mkdtemp(join(tmpdir(), 'auth0plus-reliability-'))
    const path = join(dir, 'cache', 'auth0plus', 'tokens.json')
    const umask = process.umask(0)
    try {
      const auth0 = connect(tenant, { tokenStore: new FileTokenStore(path) })
      await auth0.users.all().count()
      expect((await stat(path)).mode & 0o777).toBe(0o600)
      expect((await stat(join(dir, 'cache', 'auth0plus'))).mode & 0o777).toBe(0o700)
      expect(await readFile(path, 'utf8')).toMatch(JWT)

      const loose = join(dir, 'loose.json')
      await writeFile(loose, '{}', { mode: 0o644 })
      await connect(tenant, { tokenStore: new FileTokenStore(loose) })
        .users.all()
        .count()
      expect((await stat(loose)).mode & 0o777).toBe(0o600)
    } finally {
      process.umask(umask)
      await tenant.stop()
    }
  })
})

describe('a user with a pending password', () => {
  it('shows it to no inspect, JSON, spread or format, before or after a failed save', async () => {
    const tenant = await startEmulator({ port: 0 })
    try {
      const users = connect(tenant).users
      const fresh = new users({ email: 'pending@secret.test', password: WEAK_PASSWORD })
      const fetched = await users.create({ email: 'fetched@secret.test', password: PASSWORD })
      fetched.password = NEW_PASSWORD
      const saveError = await fresh.save().catch((e: unknown) => e)
      expect(String(saveError)).toMatch(/^400: /)
      // Still pending after the failed save: the caller may fix and retry.
      expect(fresh.password).toBe(WEAK_PASSWORD)
      expect(fetched.password).toBe(NEW_PASSWORD)

      const texts = [fresh, fetched].flatMap((user) => [
        inspect(user, { depth: null, showHidden: true, getters: true }),
        JSON.stringify(user),
        JSON.stringify({ ...user }),
        JSON.stringify(Object.entries(user)),
        JSON.stringify(structuredClone({ ...user })),
        format('%o %O %j %s', user, user, user, user),
        String(user),
      ])
      expectNoLeak([...texts, ...views(saveError)], [WEAK_PASSWORD, NEW_PASSWORD, PASSWORD])
      await fetched.save()
      expect(() => fetched.password).toThrow(AttributeError)
    } finally {
      await tenant.stop()
    }
  })
})
