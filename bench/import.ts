/**
 * The import benchmark — `npm run bench:import`. Creates 10,000 users in an emulated tenant with
 * Auth0's Enterprise rate limit (50 burst, 16 requests/s for the whole Management API) twice:
 *
 * 1. `auth0.users.import(users)`: Auth0's import jobs (files of ≤ 512,000 bytes, 2 jobs at once).
 * 2. One `auth0.users.create()` per user, 8 at a time (what a script without import jobs does).
 *
 * Each is printed beside its ideal. One POST per user cannot beat (N − burst) / rate. An import
 * needs at least one upload and one poll per file; its ideal is those requests at the rate limit,
 * or N / IMPORT_RATE when the emulator paces its jobs (`IMPORT_RATE=users/s`; Auth0 publishes no
 * import throughput, and the emulator unpaced imports 15,000–30,000 users/s). At 16/s the POST run
 * takes ~10 minutes; `USERS=2000` or `RATE=burst/perSecond` (e.g. `RATE=50/50`) shorten it.
 */
import { startEmulator } from '../src/emulator/index.js'
import { Auth0, type ImportUser } from '../src/index.js'

const [burst, perSecond] = (process.env.RATE ?? '50/16').split('/').map(Number) as [number, number]
const rateLimit = { burst, perSecond }
const USERS = Number(process.env.USERS ?? 10_000)
const IMPORT_RATE =
  process.env.IMPORT_RATE === undefined ? undefined : Number(process.env.IMPORT_RATE)
const CREATE_CONCURRENCY = 8
const FILE_LIMIT = 512_000

/** User `i` of a run: the same profile for both ways in (the POST one adds a password). */
function person(prefix: string, i: number): ImportUser {
  return {
    email: `${prefix}${i}@bench.example`,
    email_verified: i % 2 === 0,
    given_name: `Given${i}`,
    family_name: `Family${i}`,
    user_metadata: { plan: i % 3 === 0 ? 'gold' : 'basic', signup: 2020 + (i % 5) },
    app_metadata: { legacy_id: 100_000 + i },
  }
}

/** An emulator with the rate limit, and a client that counts its requests and 429s. */
async function tenant() {
  const emulator = await startEmulator({
    port: 0,
    rateLimit,
    ...(IMPORT_RATE === undefined ? {} : { importUsersPerSecond: IMPORT_RATE }),
  })
  const counts = { requests: 0, throttled: 0 }
  const auth0 = new Auth0(emulator.domain, {
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    defaultConnection: emulator.connection,
    logger: {
      debug: (message, fields) => {
        if (message.startsWith('auth0plus http request')) counts.requests++
        if (message.startsWith('auth0plus http response') && fields?.status === 429) {
          counts.throttled++
        }
      },
    },
  })
  return { emulator, auth0, counts }
}

async function viaImport() {
  const { emulator, auth0, counts } = await tenant()
  // Resolved before the clock starts, as it is for the POST run (create takes the name).
  const connectionId = (await auth0.users.connectionId())!
  counts.requests = 0
  async function* users() {
    for (let i = 0; i < USERS; i++) yield person('imp', i)
  }
  const started = Date.now()
  const result = await auth0.users.import(users(), { connectionId })
  const seconds = (Date.now() - started) / 1000
  const present = await auth0.users.query({ email: 'imp*' }, { fields: 'email' }).count()
  await emulator.stop()
  return { seconds, result, present, ...counts }
}

async function viaPosts() {
  const { emulator, auth0, counts } = await tenant()
  counts.requests = 0
  let next = 0
  let failed = 0
  const reasons = new Map<string, number>()
  const worker = async () => {
    while (next < USERS) {
      const i = next++
      try {
        await auth0.users.create({ ...person('post', i), password: `Bench-password-${i}!` })
      } catch (error) {
        failed++
        const reason = String(error)
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1)
      }
    }
  }
  const started = Date.now()
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker))
  const seconds = (Date.now() - started) / 1000
  await emulator.stop()
  return { seconds, failed, reasons, ...counts }
}

const fileBytes = Buffer.byteLength(JSON.stringify(person('imp', USERS - 1))) + 1
const files = Math.ceil((USERS * fileBytes) / FILE_LIMIT)
// At least one upload and one poll per file, beyond the burst, at the refill rate.
const importRequestsIdeal = Math.max(0, 2 * files - burst) / perSecond
const importIdeal = Math.max(importRequestsIdeal, IMPORT_RATE ? USERS / IMPORT_RATE : 0)
const postIdeal = Math.max(0, USERS - burst) / perSecond
console.log(
  `rate limit: ${burst} burst, ${perSecond}/s (Auth0 Enterprise: 50, 16/s); ${USERS} users; ` +
    `emulator import pace: ${IMPORT_RATE === undefined ? 'unpaced' : `${IMPORT_RATE} users/s`}\n`,
)
const imported = await viaImport()
const posted = await viaPosts()

const rows: [string, string][] = [
  [`auth0plus users.import() of ${USERS}: wall time`, `${imported.seconds.toFixed(1)} s`],
  [
    `  ideal max(2 × ${files} files − burst) / rate, N / import pace)`,
    `${importIdeal.toFixed(1)} s`,
  ],
  [
    '  ratio wall / ideal',
    importIdeal > 0
      ? (imported.seconds / importIdeal).toFixed(3)
      : 'n/a: ideal ≈ 0 (unpaced emulator, requests within the burst; set IMPORT_RATE)',
  ],
  [
    '  inserted / failed / present',
    `${imported.result.inserted} / ${imported.result.failed.length} / ${imported.present}`,
  ],
  [
    '  jobs / largest file',
    `${imported.result.jobs.length} / ${Math.max(...imported.result.jobs.map((j) => j.bytes))} bytes`,
  ],
  ['  requests (429s)', `${imported.requests} (${imported.throttled})`],
  [
    `one POST /users per user, ${CREATE_CONCURRENCY} at a time: wall time`,
    `${posted.seconds.toFixed(1)} s`,
  ],
  ['  ideal (N − burst) / rate', `${postIdeal.toFixed(1)} s`],
  ['  ratio wall / ideal', postIdeal > 0 ? (posted.seconds / postIdeal).toFixed(3) : 'n/a'],
  [
    '  failed',
    `${posted.failed}${[...posted.reasons].map(([reason, n]) => ` (${n}× ${reason})`).join('')}`,
  ],
  ['  requests (429s)', `${posted.requests} (${posted.throttled})`],
  ['import speed-up (POST wall / import wall)', (posted.seconds / imported.seconds).toFixed(1)],
]
const width = Math.max(...rows.map(([label]) => label.length))
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`)
