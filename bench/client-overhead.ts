/**
 * What the client itself costs per request, beside raw axios (the floor) and the official SDK:
 * `npm run bench:overhead`. One emulator (HTTPS, no rate limit) in this process; each client in
 * its own process doing the same GET /users/{id} at 16 concurrent, three rounds each,
 * interleaved so that a busy machine weighs on all alike. Reports the median of each.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startEmulator } from '../src/emulator/index.js'

const run = promisify(execFile)
const USERS = 500
const REQUESTS = 4000
const ROUNDS = 3
const KINDS = ['axios', 'auth0plus', 'sdk'] as const

const tenant = await startEmulator({
  port: 0,
  https: true,
  users: Array.from({ length: USERS }, (_, i) => ({ email: `o${i}@bench.test` })),
})
const dir = await mkdtemp(join(tmpdir(), 'auth0plus-overhead-'))
try {
  const caFile = join(dir, 'ca.pem')
  await writeFile(caFile, tenant.caCert!)
  const results: Record<string, { seconds: number; cpuSeconds: number }[]> = {}
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of KINDS) {
      const script = fileURLToPath(new URL('overhead-client.ts', import.meta.url))
      const args = [kind, tenant.domain, tenant.clientId, tenant.clientSecret, String(REQUESTS)]
      const { stdout } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
        timeout: 300_000,
      })
      const line = JSON.parse(stdout.trim().split('\n').pop()!) as {
        seconds: number
        cpuSeconds: number
      }
      ;(results[kind] ??= []).push(line)
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  const floor = {
    seconds: median(results.axios!.map((r) => r.seconds)),
    cpu: median(results.axios!.map((r) => r.cpuSeconds)),
  }
  console.log(`${REQUESTS} GET /users/{id} at 16 concurrent over HTTPS, median of ${ROUNDS}:`)
  for (const kind of KINDS) {
    const seconds = median(results[kind]!.map((r) => r.seconds))
    const cpu = median(results[kind]!.map((r) => r.cpuSeconds))
    console.log(
      `  ${kind.padEnd(10)} ${seconds.toFixed(2)} s (${(seconds / floor.seconds).toFixed(2)}× axios)` +
        `   CPU ${cpu.toFixed(2)} s (${(cpu / floor.cpu).toFixed(2)}× axios)`,
    )
  }
} finally {
  await tenant.stop()
  await rm(dir, { recursive: true, force: true })
}
