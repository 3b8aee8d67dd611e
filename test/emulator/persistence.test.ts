import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { startEmulator } from '../../src/emulator/index.js'
import { readDataFile } from './data-file-helpers.js'
import { api, createUser, getToken, startTenant, userPath, type TestTenant } from './helpers.js'

const tempDir = () => mkdtemp(join(tmpdir(), 'auth0plus-emulator-test-'))
const CHILD = fileURLToPath(new URL('./fixtures/emulator-child.ts', import.meta.url))

describe('dataFile', () => {
  it('persists users, credentials and the signing key across restarts', async () => {
    const dir = await tempDir()
    const dataFile = join(dir, 'tenant.json')
    const first = await startTenant({ dataFile })
    const kept = await createUser(first, { email: 'kept@example.com', user_metadata: { a: 1 } })
    const patched = await api(first, 'PATCH', userPath(kept.user_id), {
      body: { user_metadata: { b: 2 } },
    })
    const gone = await createUser(first, { email: 'gone@example.com' })
    await api(first, 'DELETE', userPath(gone.user_id))
    await first.stop()

    const header = JSON.parse((await readFile(dataFile, 'utf8')).split('\n')[0]!)
    expect(header).toMatchObject({
      format: 'auth0plus-emulator',
      version: 2,
      clientId: first.clientId,
      journal: 1,
    })
    expect((await readDataFile(dataFile)).users).toHaveLength(1)
    // The snapshot written at start, and the journal of the changes since.
    expect((await readdir(dir)).sort()).toEqual(['tenant.json', 'tenant.json.journal.1'])

    const second = await startEmulator({ port: 0, dataFile })
    try {
      expect(second.clientId).toBe(first.clientId)
      expect(second.clientSecret).toBe(first.clientSecret)
      // A token issued before the restart still verifies (same key); the new port means a new
      // audience, so fetch a fresh one for the calls.
      const token = await getToken(second, second.clientId, second.clientSecret)
      const again = { ...second, token } as TestTenant
      expect((await api(again, 'GET', userPath(kept.user_id))).body).toEqual(patched.body)
      expect((await api(again, 'GET', userPath(gone.user_id))).status).toBe(404)
      const search = await api(
        again,
        'GET',
        `/users?q=${encodeURIComponent('email:"kept@example.com"')}`,
      )
      expect(search.body).toHaveLength(1)
    } finally {
      await second.stop()
    }
  })

  it('seeds users only into an empty tenant', async () => {
    const dataFile = join(await tempDir(), 'seeded.json')
    const seeds = [{ email: 'seed@example.com', logins_count: 3 }]
    const first = await startTenant({ dataFile, users: seeds })
    const [seeded] = (await api(first, 'GET', '/users')).body
    expect(seeded).toMatchObject({ email: 'seed@example.com', logins_count: 3 })
    await first.stop()
    const second = await startTenant({ dataFile, users: seeds })
    try {
      expect((await api(second, 'GET', '/users')).body).toEqual([seeded])
    } finally {
      await second.stop()
    }
  })

  it('refuses to start on a file that is not its own', async () => {
    const dataFile = join(await tempDir(), 'broken.json')
    await writeFile(dataFile, '{"users": [')
    await expect(startEmulator({ port: 0, dataFile })).rejects.toThrow(SyntaxError)
    await writeFile(dataFile, '{"something": "else"}')
    await expect(startEmulator({ port: 0, dataFile })).rejects.toThrow(
      'is not an auth0plus emulator data file',
    )
  })

  it('keeps every acknowledged write when the process is SIGKILLed during a burst', async () => {
    await burstThenKill(join(await tempDir(), 'crash.json'))
  }, 60_000)

  it('keeps every acknowledged write when SIGKILLed while compactions run', async () => {
    const dataFile = join(await tempDir(), 'compacting.json')
    // A tiny limit: the journal compacts after nearly every batch, so the kill lands in one.
    await burstThenKill(dataFile, 4096)
    const header = JSON.parse((await readFile(dataFile, 'utf8')).split('\n')[0]!)
    expect(header.journal).toBeGreaterThan(1) // compactions did run
  }, 60_000)
})

/**
 * Starts the emulator in a child process, writes from 16 workers (create, then PATCH), SIGKILLs
 * it mid-burst, and checks the file holds every acknowledged write and starts again.
 */
async function burstThenKill(dataFile: string, compactAfterBytes?: number): Promise<void> {
  const args = ['--import', 'tsx', CHILD, dataFile]
  if (compactAfterBytes !== undefined) args.push(String(compactAfterBytes))
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
  const info = JSON.parse(line) as TestTenant
  const tenant = {
    ...info,
    token: await getToken(info, info.clientId, info.clientSecret),
  } as TestTenant

  const created = new Map<string, number>() // user_id → last acknowledged counter
  let acknowledged = 0
  let killed = false
  const worker = async (w: number) => {
    for (let i = 0; !killed; i++) {
      try {
        const res = await api(tenant, 'POST', '/users', {
          body: {
            connection: info.connection,
            email: `w${w}-${i}@example.com`,
            password: 'Passw0rd!x',
            user_metadata: { n: 0 },
          },
        })
        if (res.status !== 201) continue
        created.set(res.body.user_id, 0)
        acknowledged++
        const patch = await api(tenant, 'PATCH', userPath(res.body.user_id), {
          body: { user_metadata: { n: 1 } },
        })
        if (patch.status === 200) created.set(res.body.user_id, 1)
        acknowledged++
      } catch {
        return // the server is gone
      }
    }
  }
  const workers = Array.from({ length: 16 }, (_, w) => worker(w))
  // Kill mid-burst: after enough acknowledgements, or after a while on a slow (shared) disk.
  const deadline = Date.now() + 10_000
  while (acknowledged < 200 && Date.now() < deadline && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  expect(acknowledged).toBeGreaterThan(10)
  const exited = once(child, 'exit')
  child.kill('SIGKILL')
  killed = true
  await Promise.all(workers)
  await exited

  const saved = (await readDataFile(dataFile)) as {
    users: { user_id: string; user_metadata: { n: number } }[]
  }
  const byId = new Map(saved.users.map((user) => [user.user_id, user]))
  for (const [id, n] of created) {
    expect(byId.has(id), `acknowledged user ${id} missing`).toBe(true)
    expect(byId.get(id)!.user_metadata.n).toBeGreaterThanOrEqual(n)
  }
  const restarted = await startEmulator({ port: 0, dataFile })
  try {
    expect(restarted.clientId).toBe(info.clientId)
  } finally {
    await restarted.stop()
  }
}
