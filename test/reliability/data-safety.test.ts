/**
 * Data safety: SIGKILL at the worst moment loses nothing that was acknowledged. The emulator's
 * data file, killed during a burst of library writes (creates, saves, deletes); the CLI's
 * backup, killed in the middle of a bulk delete. (The emulator's own crash test with raw
 * requests is in test/emulator/persistence.test.ts; this one drives it through the library.)
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDataFile } from '../../src/emulator/data-file.js'
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js'
import { Auth0, DoesNotExist } from '../../src/index.js'
import { cliEnv, runCli, startCli } from './support/cli.js'
import { printFigures } from './support/figures.js'
import { startTap, type Tap } from './support/tap.js'
import { connect, PASSWORD, seedUsers } from './support/tenant.js'

const CHILD = fileURLToPath(new URL('../emulator/fixtures/emulator-child.ts', import.meta.url))
const tempDir = () => mkdtemp(join(tmpdir(), 'auth0plus-reliability-'))

const figures = { requests: 0, users: 0, acknowledged: 0, deletedBeforeKill: 0 }
afterAll(() =>
  printFigures({
    suite: 'data safety',
    requests: figures.requests,
    users: figures.users,
    leaks: 0,
    extra: `acknowledged writes=${figures.acknowledged}, lost=0, deleted before the CLI was killed=${figures.deletedBeforeKill}`,
  }),
)

describe("the emulator's data file, SIGKILLed during a burst of library writes", () => {
  it('parses after the kill, and a restart has every acknowledged create, save and delete', async () => {
    const dataFile = join(await tempDir(), 'tenant.json')
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
    const info = JSON.parse(line) as RunningEmulator
    const auth0 = new Auth0(info.domain, {
      clientId: info.clientId,
      clientSecret: info.clientSecret,
      defaultConnection: info.connection,
      maxRetries: 0,
    })

    const saved = new Map<string, number>() // user_id → last acknowledged user_metadata.n
    const deleted = new Set<string>()
    let acknowledged = 0
    let killed = false
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        try {
          const user = await auth0.users.create({
            email: `w${w}-${i}@burst.test`,
            password: PASSWORD,
            user_metadata: { n: 0 },
          })
          saved.set(user.user_id!, 0)
          acknowledged++
          for (let n = 1; n <= 2; n++) {
            user.user_metadata = { n }
            await user.save()
            saved.set(user.user_id!, n)
            acknowledged++
          }
          if (i % 3 === 0) {
            // From here its fate is open: a delete in flight at the kill may or may not land.
            saved.delete(user.user_id!)
            await user.delete()
            deleted.add(user.user_id!)
            acknowledged++
          }
        } catch {
          if (killed) return
        }
      }
    }
    const workers = Array.from({ length: 12 }, (_, w) => worker(w))
    const deadline = Date.now() + 10_000
    while (acknowledged < 400 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const exited = once(child, 'exit')
    child.kill('SIGKILL')
    killed = true
    await exited
    await Promise.all(workers)
    expect(acknowledged).toBeGreaterThan(50)
    expect(deleted.size).toBeGreaterThan(0)

    // The file is whole: it loads, and the emulator starts from it.
    await expect(loadDataFile(dataFile)).resolves.toBeDefined()
    const restarted = await startEmulator({ port: 0, dataFile })
    try {
      const users = connect(restarted).users
      const missing: string[] = []
      await Promise.all(
        [...saved].map(async ([id, n]) => {
          const user = await users.get(id).catch((e: unknown) => e)
          if (user instanceof DoesNotExist) missing.push(`${id} (created, n=${n})`)
          else if (!((user as { user_metadata: { n: number } }).user_metadata.n >= n)) {
            missing.push(`${id}: save n=${n} lost`)
          }
        }),
      )
      const revived = (
        await Promise.all(
          [...deleted].map((id) =>
            users.get(id).then(
              () => id,
              () => undefined,
            ),
          ),
        )
      ).filter(Boolean)
      expect(missing).toEqual([])
      expect(revived).toEqual([])
      figures.acknowledged += acknowledged
      figures.users += saved.size + deleted.size
    } finally {
      await restarted.stop()
    }
  }, 60_000)
})

describe("the CLI's backup, when the CLI is SIGKILLed mid-delete", () => {
  const seeded = seedUsers(200, 'victim', 'kill.test')
  let tenant: RunningEmulator
  let tap: Tap
  let dir: string
  let deletes = 0

  beforeAll(async () => {
    // A tenant limit of 40 requests a second makes the delete last ~5 s: the kill, after 30
    // deletes (~0.3 s), lands mid-job even when a loaded machine polls seconds late.
    tenant = await startEmulator({
      port: 0,
      users: seeded,
      rateLimit: { burst: 20, perSecond: 40 },
    })
    tap = await startTap(tenant, (method) => {
      if (method === 'DELETE') deletes++
      return undefined
    })
    dir = await tempDir()
  })
  afterAll(async () => {
    figures.requests += tap.counts.api
    await tap.stop()
    await tenant.stop()
  })

  it('holds every user deleted before the kill', async () => {
    const cli = startCli(
      ['delete', '--email', '*@kill.test', '--yes', '--backup', 'backup.jsonl'],
      cliEnv(tenant, tap.domain),
      dir,
    )
    const deadline = Date.now() + 30_000
    while (deletes < 30 && Date.now() < deadline && cli.child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    cli.child.kill('SIGKILL')
    const run = await cli.done
    expect(run.signal).toBe('SIGKILL')
    expect(run.stdout).toContain('Backed up 200 users')

    const auth0 = connect(tenant, {}, tap.domain)
    const left = new Set((await auth0.users.all().toArray()).map((user) => user.email))
    const gone = seeded.map((u) => u.email as string).filter((email) => !left.has(email))
    expect(gone.length).toBeGreaterThan(0)
    expect(gone.length).toBeLessThan(200)

    const backup = (await readFile(join(dir, 'backup.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((text) => JSON.parse(text) as { email: string; user_id: string })
    const backedUp = new Set(backup.map((user) => user.email))
    expect(gone.filter((email) => !backedUp.has(email))).toEqual([])
    expect(backedUp.size).toBe(200)
    figures.deletedBeforeKill += gone.length
    figures.users += seeded.length
  }, 30_000)

  it('brings them all back through `users restore`, at the same tenant rate limit', async () => {
    const restore = await runCli(
      ['restore', 'backup.jsonl', '--random-password'],
      cliEnv(tenant, tap.domain),
      dir,
    )
    const failures = restore.stdout
      .split('\n')
      .filter((line) => /^ {2}auth0\|\S+ {2}\d{3}:/.test(line))
    expect(failures).toEqual([])
    expect(restore.code).toBe(0)
    const back = new Set(
      (await connect(tenant, {}, tap.domain).users.all().toArray()).map((user) => user.email),
    )
    expect(seeded.filter((u) => !back.has(u.email as string))).toEqual([])
  }, 30_000)
})
