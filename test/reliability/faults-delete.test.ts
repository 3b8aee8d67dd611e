/**
 * Faults, the headline figure: a bulk delete of 1,000 users while the emulator fails 10 %
 * of Management API requests (429, 500, 503, reset, slow; seeded), through the library and
 * through the CLI with its backup.
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BulkProgress } from '../../src/index.js'
import { cliEnv, runCli } from './support/cli.js'
import { expectFaultsAsSeeded, faultSuite } from './support/fault-suite.js'
import { connect, seedUsers } from './support/tenant.js'

const { faultyTenant } = faultSuite('faults (bulk delete of 1,000)')

const doomed = (n: number, domain = 'doomed.test') => seedUsers(n, 'doomed', domain)
const keepers = (n: number) =>
  seedUsers(n, 'keeper', 'keep.test', Date.parse('2023-01-01T00:00:00.000Z'))

describe('a bulk delete of 1,000 users under 10 % faults', () => {
  it('deletes exactly those 1,000, misses none, and reports it', async () => {
    const { tenant, tap } = await faultyTenant([...keepers(200), ...doomed(1000)])
    const auth0 = connect(tenant, {}, tap.domain)
    const progress: BulkProgress[] = []
    let handed: string[] = []
    const result = await auth0.users.query({ email: '*@doomed.test' }).delete({
      beforeAct: (users) => {
        handed = users.map((user) => user.email!)
      },
      onProgress: (p) => progress.push(p),
    })

    expect(result).toEqual({ total: 1000, count: 1000, failed: [], notAttempted: [] })
    expect(new Set(handed)).toEqual(new Set(doomed(1000).map((u) => u.email)))
    expect(progress.at(-1)).toMatchObject({ total: 1000, done: 1000, succeeded: 1000, failed: 0 })
    const left = (await auth0.users.all().toArray()).map((user) => user.email).sort()
    expect(left).toEqual(
      keepers(200)
        .map((u) => u.email as string)
        .sort(),
    )
    expectFaultsAsSeeded(tap)
  }, 60_000)

  it('through the CLI: the backup holds all 1,000, the summary says so, exit 0', async () => {
    const { tenant, tap } = await faultyTenant([...keepers(100), ...doomed(1000, 'cli.test')])
    const auth0 = connect(tenant, {}, tap.domain)
    const before = await auth0.users.query({ email: '*@cli.test' }).toArray()
    expect(before).toHaveLength(1000)
    const dir = await mkdtemp(join(tmpdir(), 'auth0plus-reliability-'))

    const run = await runCli(
      ['delete', '--email', '*@cli.test', '--yes', '--backup', 'backup.jsonl'],
      cliEnv(tenant, tap.domain),
      dir,
    )

    expect(run.stderr).not.toMatch(/failed|error/i)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('matched:        1000\n')
    expect(run.stdout).toContain('deleted:        1000\n')
    expect(run.stdout).toContain('failed:         0\n')
    expect(run.stdout).toContain('not attempted:  0\n')
    const backup = (await readFile(join(dir, 'backup.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { user_id: string; email: string })
    expect(backup.map((user) => user.user_id).sort()).toEqual(
      before.map((user) => user.user_id).sort(),
    )
    expect(await auth0.users.query({ email: '*@cli.test' }).count()).toBe(0)
    expect(await auth0.users.all().count()).toBe(100)
    expectFaultsAsSeeded(tap)
  }, 60_000)
})
