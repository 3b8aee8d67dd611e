/**
 * Streaming past the 1000 cap — `npm run bench:stream` (part of `npm run bench`). An emulated
 * tenant of 100,000 generated users (`USERS=n` to change it; no rate limit, so the emulator's
 * own page rate is what is measured), read whole twice, each client in its own process:
 *
 * - ideal: raw axios that knows every created_at range in advance — no planning request, the
 *   fewest pages (the baseline: pages ÷ the emulator's page rate);
 * - auth0plus: `for await (const user of auth0.users.all({ connection: null }))`.
 *
 * Prints one table: users, requests (against pages + partitions), seconds to the first user,
 * whole run, and auth0plus's time over the ideal's.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startEmulator } from '../src/emulator/index.js'
import { generatedUsers } from './fixtures/generated-users.js'

const run = promisify(execFile)
const USERS = Number(process.env.USERS ?? 100_000)

const seedStart = performance.now()
const tenant = await startEmulator({ port: 0, users: [...generatedUsers(USERS)] })
const seedSeconds = (performance.now() - seedStart) / 1000

async function client(kind: 'ideal' | 'auth0plus') {
  const script = fileURLToPath(new URL('stream-client.ts', import.meta.url))
  const args = [tenant.domain, tenant.clientId, tenant.clientSecret, String(USERS)]
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, kind, ...args], {
    timeout: 1_800_000,
  })
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number>
}

try {
  const ideal = await client('ideal')
  const lib = await client('auth0plus')
  const pages = Math.ceil(USERS / 100)
  const partitions = Math.ceil(USERS / 999)
  const row = (name: string, r: Record<string, number>) => ({
    client: name,
    'users / unique': `${r.users} / ${r.unique}`,
    requests: r.requests,
    'first user (s)': r.firstUserSeconds!.toFixed(3),
    'whole run (s)': r.seconds!.toFixed(1),
    '× ideal': (r.seconds! / ideal.seconds!).toFixed(3),
    'client CPU (s)': r.cpuSeconds!.toFixed(1),
  })
  console.log(
    `${USERS} users (seeded in ${seedSeconds.toFixed(1)} s); budget: requests ≤ pages + partitions = ${pages} + ${partitions} = ${pages + partitions}`,
  )
  console.table([row('ideal (raw axios, ranges known)', ideal), row('auth0plus all()', lib)])
} finally {
  await tenant.stop()
}
