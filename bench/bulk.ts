/**
 * The bulk benchmark — `npm run bench:bulk` (`npm run bench` runs it after the emulator's own
 * benches). Against emulated tenants with Auth0's Enterprise rate limit (50 burst, 16 requests/s for the whole Management API), it
 * prints one table:
 *
 * 1. auth0plus `qs.delete()` of 2,000 users: wall time against the ideal N / rate, 429s, requests.
 * 2. The same delete written as people do it today with the official SDK (auth0 v7, HTTPS, in
 *    a child process): list page by page with include_totals, then delete one by one.
 * 3. auth0plus iterating 20,000 users (past the 1000 cap): requests and peak memory, measured
 *    in a child process so the emulator's own memory is not counted.
 * 4. Everyday code: `Promise.all` of 300 `users.create()` on one client: 429s, failures, time.
 *
 * Enterprise is Auth0's highest published rate, so it is what a large bulk job meets; at 16/s
 * the 2,000-user deletes take ~2 minutes each and the whole run stays under ~5 minutes.
 * `RATE=burst/perSecond` overrides it (e.g. `RATE=50/50` for a quick run).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js'
import { Auth0 } from '../src/index.js'

const run = promisify(execFile)
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))
const [burst, perSecond] = (process.env.RATE ?? '50/16').split('/').map(Number) as [number, number]
const rateLimit = { burst, perSecond }
const DELETE_USERS = 2_000
const CREATES = 300
const ITERATE_USERS = 20_000

/** `n` seed users created 1–2 ms apart, as a steady sign-up stream looks. */
function seed(n: number, prefix: string) {
  const base = Date.parse('2024-01-01T00:00:00.000Z')
  return Array.from({ length: n }, (_, i) => ({
    email: `${prefix}${i}@example.com`,
    created_at: new Date(base + i + Math.floor(i / 2)).toISOString(),
  }))
}

/** A child process on tsx; its last stdout line is JSON. */
async function child(script: string, args: string[], env: Record<string, string> = {}) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', here(script), ...args], {
    env: { ...process.env, ...env },
    timeout: 600_000,
    maxBuffer: 16 * 1024 * 1024,
  })
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number | string | undefined>
}

async function remaining(tenant: RunningEmulator): Promise<number> {
  const auth0 = new Auth0(tenant.domain, {
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
  })
  return auth0.users.all().count()
}

async function auth0plusDelete() {
  const tenant = await startEmulator({ port: 0, rateLimit, users: seed(DELETE_USERS, 'del') })
  let requests = 0
  let throttled = 0
  const auth0 = new Auth0(tenant.domain, {
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    logger: {
      debug: (message, fields) => {
        if (message.startsWith('auth0plus http request')) requests++
        if (message.startsWith('auth0plus http response') && fields?.status === 429) throttled++
      },
    },
  })
  const started = Date.now()
  let acting = 0
  const result = await auth0.users.all().delete({ beforeAct: () => void (acting = Date.now()) })
  const ended = Date.now()
  const left = await remaining(tenant)
  await tenant.stop()
  return {
    seconds: (ended - started) / 1000,
    actingSeconds: (ended - acting) / 1000,
    deleted: result.count,
    failed: result.failed.length,
    throttled,
    requests,
    left,
  }
}

async function sdkDelete() {
  const tenant = await startEmulator({
    port: 0,
    https: true,
    rateLimit,
    users: seed(DELETE_USERS, 'sdk'),
  })
  const dir = await mkdtemp(join(tmpdir(), 'auth0plus-bench-'))
  const caFile = join(dir, 'ca.pem')
  await writeFile(caFile, tenant.caCert!)
  try {
    const out = await child(
      'sdk-delete-client.ts',
      [`127.0.0.1:${tenant.port}`, tenant.clientId, tenant.clientSecret],
      { NODE_EXTRA_CA_CERTS: caFile },
    )
    return out
  } finally {
    await tenant.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

async function iterate() {
  const tenant = await startEmulator({ port: 0, rateLimit, users: seed(ITERATE_USERS, 'it') })
  try {
    return await child('iterate-client.ts', [tenant.domain, tenant.clientId, tenant.clientSecret])
  } finally {
    await tenant.stop()
  }
}

/** 300 creates at once, as ordinary code writes them: the client's pacing alone keeps 429s away. */
async function concurrentCreates() {
  const tenant = await startEmulator({ port: 0, rateLimit })
  let requests = 0
  let throttled = 0
  const auth0 = new Auth0(tenant.domain, {
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    defaultConnection: tenant.connection,
    logger: {
      debug: (message, fields) => {
        if (message.startsWith('auth0plus http request')) requests++
        if (message.startsWith('auth0plus http response') && fields?.status === 429) throttled++
      },
    },
  })
  const started = Date.now()
  const outcomes = await Promise.allSettled(
    Array.from({ length: CREATES }, (_, i) =>
      auth0.users.create({ email: `new${i}@example.com`, password: 'Passw0rd!x' }),
    ),
  )
  const seconds = (Date.now() - started) / 1000
  await tenant.stop()
  const failed = outcomes.filter((outcome) => outcome.status === 'rejected').length
  return { seconds, failed, throttled, requests }
}

const ideal = DELETE_USERS / perSecond
console.log(
  `rate limit: ${burst} burst, ${perSecond}/s (Auth0 Enterprise: 50, 16/s); ideal delete of ${DELETE_USERS}: ${ideal.toFixed(1)} s\n`,
)
const ours = await auth0plusDelete()
const sdk = await sdkDelete()
const it = await iterate()
const creates = await concurrentCreates()
const idealCreates = Math.max(0, CREATES - burst) / perSecond

const rows: [string, string][] = [
  ['auth0plus delete 2,000: wall time (collect + act)', `${ours.seconds.toFixed(1)} s`],
  ['  of which acting (DELETEs)', `${ours.actingSeconds.toFixed(1)} s`],
  ['  ideal N / rate', `${ideal.toFixed(1)} s`],
  ['  ratio wall / ideal', (ours.seconds / ideal).toFixed(3)],
  ['  deleted / failed / left', `${ours.deleted} / ${ours.failed} / ${ours.left}`],
  ['  429s seen', String(ours.throttled)],
  ['  requests sent', String(ours.requests)],
  ['SDK (auth0 v7) list + delete each: wall time', `${Number(sdk.seconds).toFixed(1)} s`],
  ['  listed / list error', `${sdk.listed} / ${sdk.listError ?? 'none'}`],
  ['  deleted / failed / left', `${sdk.deleted} / ${sdk.failed} / ${sdk.left}`],
  ['  429s seen', String(sdk.throttled)],
  ['  requests sent', String(sdk.requests)],
  ['auth0plus iterate 20,000: users / unique', `${it.users} / ${it.unique}`],
  ['  requests (429s)', `${it.requests} (${it.throttled})`],
  ['  wall time', `${Number(it.seconds).toFixed(1)} s`],
  ['  heap: baseline → peak', `${it.baselineHeapMb} → ${it.peakHeapMb} MB`],
  ['  rss: baseline → peak', `${it.baselineRssMb} → ${it.peakRssMb} MB`],
  [`auth0plus Promise.all of ${CREATES} creates: wall time`, `${creates.seconds.toFixed(1)} s`],
  ['  ideal (N - burst) / rate', `${idealCreates.toFixed(1)} s`],
  [
    '  failed / 429s seen / requests',
    `${creates.failed} / ${creates.throttled} / ${creates.requests}`,
  ],
]
const width = Math.max(...rows.map(([label]) => label.length))
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`)
