/**
 * The emulator's data file at scale — `npm run bench:persistence` (default 1,000,000 users;
 * `-- --users N`, `-- --file PATH` to reuse a file made by bench/generate-tenant.ts).
 *
 * Each figure beside its baseline, measured in the same run, over HTTP against an emulator in its
 * own process (bench/fixtures/emulator-child.ts, started through tsx as `npx` would):
 * 1. startup from the file (spawn → first token answered), beside the time to just read the
 *    file's bytes; the child's RSS once it answers;
 * 2. acknowledged PATCH /api/v2/users/{id} (journal append + fsync before the answer): p50/p95/max
 *    over sequential PATCHes and over 16 concurrent workers, beside the same PATCHes against the
 *    same tenant loaded from a copy on tmpfs (/dev/shm: the same work minus the disk), against an
 *    emulator without a data file (seeded with generated users, `--seed`, default 100,000: a
 *    million seeds take minutes), and beside the disk alone (an O_DSYNC append, as the journal);
 * 3. the same PATCHes while a compaction rewrites the snapshot (the child runs with
 *    `compactAfterBytes: 1`): their max and p95, and how long the compaction took.
 *
 * Targets (issue 16): PATCH p95 < 5 ms, startup < 15 s.
 *
 * Two runs of this code on this 2-core machine (shared with other work, load average 3–4),
 * 2026-12-02, 1,000,000 users (675 MB), `npx tsx bench/emulator-persistence.ts --file F`:
 *
 * | figure                                   | run 1 (10:18)                 | run 2 (10:16)                  |
 * | ---------------------------------------- | ----------------------------- | ------------------------------ |
 * | startup (target < 15 s)                  | 14.2 s (read bytes: 0.29 s)   | 17.5 s (read bytes: 0.36 s)    |
 * | RSS after startup                        | 1,192 MB                      | 1,173 MB                       |
 * | PATCH sequential p50 / p95 (target 5 ms) | 1.44 / 3.50 ms, max 13        | 1.20 / 4.50 ms, max 21         |
 * | — same tenant on tmpfs (no disk)         | 0.71 / 21 ms (noise), max 56  | 0.84 / 2.98 ms, max 17         |
 * | — no data file, 100,000 users            | 0.51 / 1.90 ms                | 0.64 / 3.34 ms                 |
 * | — the disk alone (append, O_DSYNC)       | 0.26 / 0.61 ms                | 0.46 / 4.17 ms                 |
 * | PATCH 16 concurrent p50 / p95, rate      | 9.5 / 16 ms, 1,565/s          | 13 / 24 ms, 1,067/s            |
 * | — same tenant on tmpfs                   | 7.5 / 18 ms, 1,898/s          | 17 / 35 ms, 864/s              |
 * | — no data file, 100,000 users            | 7.4 / 18 ms, 1,866/s          | 16 / 29 ms, 967/s              |
 * | PATCH during a compaction p50 / p95, max | 2.49 / 8.99 ms, max 178       | 1.72 / 6.64 ms, max 140        |
 * | the compaction (background, n PATCHes)   | 12.1 s (2,644)                | 11.6 s (3,868)                 |
 *
 * Earlier runs the same day ranged from 13.3 to 25 s for the startup and 6–14 ms for the PATCH
 * p95, with the machine's load. In-process, the journal's own share of a PATCH (`save()` →
 * durable) is ~0.25 ms p50; its p95 is this disk's tail under other work. Startup is bound by
 * JSON.parse of every user while the heap grows (~10 s of it, a third of that in GC), then the
 * store's and the search index's maps.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createReadStream } from 'node:fs'
import { constants, copyFile, mkdtemp, open, readdir, readFile, rm, stat } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { generatedUser } from './fixtures/generated-users.js'
import { generateTenant } from './generate-tenant.js'

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    file: { type: 'string' },
    patches: { type: 'string', default: '200' },
    seed: { type: 'string', default: '100000' },
  },
})
const USERS = Number(values.users)
const PATCHES = Number(values.patches)
const SEED = Math.min(Number(values.seed), USERS)
const WORKERS = 16
const CHILD = new URL('./fixtures/emulator-child.ts', import.meta.url).pathname
const agent = new Agent({ keepAlive: true, maxSockets: WORKERS })

interface Running {
  child: ChildProcess
  domain: string
  token: string
  startupMs: number
  rssMb: number
}

async function startChild(args: string[]): Promise<Running> {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string]
  const info = JSON.parse(line) as Record<string, string>
  const res = await fetch(`${info.domain}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: info.clientId,
      client_secret: info.clientSecret,
      audience: info.audience,
    }),
  })
  const { access_token: token } = (await res.json()) as { access_token: string }
  const startupMs = performance.now() - started
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '')
  const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024
  return { child, domain: info.domain!, token, startupMs, rssMb }
}

async function stopChild({ child }: Running): Promise<void> {
  const exited = once(child, 'exit')
  child.kill('SIGKILL') // every acknowledged write is already on disk
  await exited
}

/** One PATCH; resolves with its latency in ms (throws unless 200). */
function patch(tenant: Running, userId: string, n: number): Promise<number> {
  const body = JSON.stringify({ user_metadata: { bench: n } })
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(
      `${tenant.domain}/api/v2/users/${encodeURIComponent(userId)}`,
      {
        method: 'PATCH',
        agent,
        headers: {
          authorization: `Bearer ${tenant.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume()
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(performance.now() - started)
            : reject(new Error(`PATCH ${userId}: ${res.statusCode}`)),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** Database-connection users spread over the first `within` generated ones. */
function userIds(count: number, within: number): string[] {
  const ids: string[] = []
  for (let k = 0; ids.length < count; k++) {
    const id = String(generatedUser((k * 7919) % within).user_id)
    if (id.startsWith('auth0|')) ids.push(id)
  }
  return ids
}

interface Stats {
  count: number
  p50: number
  p95: number
  max: number
  perSecond?: number
}

function stats(latencies: number[], elapsedMs?: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return {
    count: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    max: sorted.at(-1)!,
    ...(elapsedMs !== undefined && { perSecond: (sorted.length / elapsedMs) * 1000 }),
  }
}

async function sequential(tenant: Running, ids: string[]): Promise<Stats> {
  const latencies: number[] = []
  for (const [n, id] of ids.entries()) latencies.push(await patch(tenant, id, n))
  return stats(latencies)
}

async function concurrent(tenant: Running, ids: string[]): Promise<Stats> {
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (next < ids.length) {
        const n = next++
        latencies.push(await patch(tenant, ids[n]!, n))
      }
    }),
  )
  return stats(latencies, performance.now() - started)
}

/** PATCHes one after another while the snapshot's temp file exists (a compaction runs). */
async function duringCompaction(tenant: Running, file: string, ids: string[]) {
  const compacting = async () =>
    (await readdir(dirname(file))).some((name) => name.startsWith(`.${basename(file)}.`))
  const latencies: number[] = []
  await patch(tenant, ids[0]!, 0) // the batch after which the first compaction starts
  let seen = false
  let started = 0
  for (let n = 1; ; n++) {
    const running = await compacting()
    if (running && !seen) [seen, started] = [true, performance.now()]
    if (!running && seen) break
    if (!seen && n > 2000) throw new Error('no compaction started')
    const latency = await patch(tenant, ids[n % ids.length]!, n)
    if (seen) latencies.push(latency)
  }
  return { ...stats(latencies), compactionMs: performance.now() - started }
}

/** The disk's floor: appending a PATCH-sized line with O_DSYNC (as the journal does), beside the data file. */
async function fsyncFloor(file: string, count: number): Promise<Stats> {
  const path = `${file}.fsync-probe`
  const { O_WRONLY, O_CREAT, O_EXCL, O_DSYNC } = constants
  const handle = await open(path, O_WRONLY | O_CREAT | O_EXCL | O_DSYNC, 0o600)
  const bytes = Buffer.from(`${'x'.repeat(700)}\n`)
  const latencies: number[] = []
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now()
      await handle.write(bytes)
      latencies.push(performance.now() - started)
    }
  } finally {
    await handle.close()
    await rm(path, { force: true })
  }
  return stats(latencies)
}

async function readBytesMs(file: string): Promise<number> {
  const started = performance.now()
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) void chunk
  return performance.now() - started
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`
const line = (label: string, s: Stats) =>
  `${label}: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (n=${s.count}${
    s.perSecond === undefined ? '' : `, ${s.perSecond.toFixed(0)}/s`
  })`

async function main(): Promise<void> {
  const dir = values.file === undefined ? await mkdtemp(join(tmpdir(), 'auth0plus-bench-')) : ''
  const file = values.file ?? join(dir, 'tenant.json')
  if (values.file === undefined || !(await stat(file).catch(() => undefined))) {
    const started = performance.now()
    const bytes = await generateTenant(USERS, file)
    console.log(
      `generated ${USERS.toLocaleString('en')} users: ${(bytes / 1e6).toFixed(0)} MB in ${ms(performance.now() - started)}`,
    )
  }
  const size = (await stat(file)).size
  const readMs = await readBytesMs(file)
  const ids = userIds(PATCHES, USERS)

  const withFile = await startChild(['--data', file])
  console.log(
    `startup from ${(size / 1e6).toFixed(0)} MB (${USERS.toLocaleString('en')} users): ${ms(withFile.startupMs)} ` +
      `(target < 15 s; baseline: reading the file's bytes ${ms(readMs)}); RSS ${withFile.rssMb.toFixed(0)} MB`,
  )
  // Measured right before the PATCHes: other work on the machine moves the disk's latency.
  const floor = await fsyncFloor(file, PATCHES)
  const seqFile = await sequential(withFile, ids)
  const concFile = await concurrent(withFile, userIds(PATCHES * 2, USERS))
  await stopChild(withFile)

  // The same tenant from a copy in RAM (tmpfs): the same work, minus the disk's fsync.
  let seqShm: Stats | undefined
  let concShm: Stats | undefined
  if (await stat('/dev/shm').catch(() => undefined)) {
    const shmDir = await mkdtemp('/dev/shm/auth0plus-bench-')
    try {
      await copyFile(file, join(shmDir, 'tenant.json'))
      const inRam = await startChild(['--data', join(shmDir, 'tenant.json')])
      seqShm = await sequential(inRam, ids)
      concShm = await concurrent(inRam, userIds(PATCHES * 2, USERS))
      await stopChild(inRam)
    } finally {
      await rm(shmDir, { recursive: true, force: true })
    }
  }

  const memory = await startChild(['--seed', String(SEED)])
  const seedIds = userIds(PATCHES, SEED)
  const seqMemory = await sequential(memory, seedIds)
  const concMemory = await concurrent(memory, userIds(PATCHES * 2, SEED))
  await stopChild(memory)
  console.log(line('PATCH, data file, sequential', seqFile) + ' (target p95 < 5 ms)')
  if (seqShm) console.log(line('PATCH, data file on tmpfs (no disk), sequential', seqShm))
  console.log(line(`PATCH, no data file (${SEED} users), sequential`, seqMemory))
  console.log(line('the disk alone: append 700 B, O_DSYNC', floor))
  console.log(line(`PATCH, data file, ${WORKERS} concurrent`, concFile))
  if (concShm) console.log(line(`PATCH, data file on tmpfs, ${WORKERS} concurrent`, concShm))
  console.log(line(`PATCH, no data file, ${WORKERS} concurrent`, concMemory))

  const compacting = await startChild(['--data', file, '--compact-after', '1'])
  const during = await duringCompaction(compacting, file, ids)
  await stopChild(compacting)
  console.log(
    `${line('PATCH, data file, sequential, while a compaction runs', during)}; the compaction took ${ms(during.compactionMs)}`,
  )
  if (dir !== '') await rm(dir, { recursive: true, force: true })
  agent.destroy()
}

await main()
