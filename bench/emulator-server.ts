/**
 * How fast the emulator serves — run with `npx tsx bench/emulator-server.ts`.
 *
 * 1. Simple requests (GET /users/{id}, PATCH, DELETE) over keep-alive connections at a fixed
 *    concurrency: requests/second, to compare with Auth0's highest published Management API rate
 *    (enterprise: 50 burst, 16/s). The client runs in the same process, so the figures are a floor.
 * 2. Search over 50,000 users: latency of typical `q` queries against Auth0's ~2 s search budget.
 */
import { Agent, request } from 'node:http'
import { startEmulator } from '../src/emulator/index.js'

const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32)
const USERS = Number(process.env.USERS ?? 20_000)
const SEARCH_USERS = 50_000

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })

function call(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const req = request(
      `${base}/api/v2${path}`,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode!))
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

async function tokenFor(tenant: Awaited<ReturnType<typeof startEmulator>>): Promise<string> {
  const res = await fetch(`${tenant.domain}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      audience: tenant.audience,
    }),
  })
  return ((await res.json()) as { access_token: string }).access_token
}

/** Runs `op(i)` for i in [0, count) with CONCURRENCY workers; returns requests/second. */
async function measure(
  label: string,
  count: number,
  expected: number,
  op: (i: number) => Promise<number>,
) {
  let next = 0
  let unexpected = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const status = await op(next++)
        if (status !== expected) unexpected++
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const rate = count / seconds
  console.log(
    `${label.padEnd(22)} ${String(count).padStart(6)} req in ${seconds.toFixed(2)} s = ${Math.round(rate).toString().padStart(6)} req/s` +
      ` (${Math.round(rate / 16)}x enterprise 16/s)${unexpected ? `  ${unexpected} unexpected statuses!` : ''}`,
  )
}

async function simpleRequests(): Promise<void> {
  const tenant = await startEmulator({
    port: 0,
    users: Array.from({ length: USERS }, (_, i) => ({ email: `bench${i}@example.com` })),
  })
  const token = await tokenFor(tenant)
  const ids = (await collectIds(tenant.domain, token)).slice(0, USERS)
  console.log(
    `Simple requests, ${CONCURRENCY} keep-alive connections, ${ids.length} users (node ${process.version}):`,
  )
  const path = (i: number) => `/users/${encodeURIComponent(ids[i % ids.length]!)}`
  await measure('GET /users/{id}', USERS, 200, (i) => call(tenant.domain, token, 'GET', path(i)))
  await measure('PATCH /users/{id}', USERS, 200, (i) =>
    call(tenant.domain, token, 'PATCH', path(i), { user_metadata: { n: i }, given_name: `G${i}` }),
  )
  await measure('DELETE /users/{id}', USERS, 204, (i) =>
    call(tenant.domain, token, 'DELETE', path(i)),
  )
  await tenant.stop()
}

/** Every user id, through the export job (search stops at 1000). */
async function collectIds(base: string, token: string): Promise<string[]> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const job = (await (
    await fetch(`${base}/api/v2/jobs/users-exports`, {
      method: 'POST',
      headers,
      body: '{"fields":[{"name":"user_id"}]}',
    })
  ).json()) as { id: string }
  const done = (await (await fetch(`${base}/api/v2/jobs/${job.id}`, { headers })).json()) as {
    location: string
  }
  const { gunzipSync } = await import('node:zlib')
  const text = gunzipSync(Buffer.from(await (await fetch(done.location)).arrayBuffer())).toString()
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (JSON.parse(line) as { user_id: string }).user_id)
}

async function search(): Promise<void> {
  const tenant = await startEmulator({
    port: 0,
    users: Array.from({ length: SEARCH_USERS }, (_, i) => ({
      email: `person${i}@${i % 10 === 0 ? 'corp' : 'example'}.com`,
      name: `Person ${i}`,
      logins_count: i % 500,
      user_metadata: { plan: i % 3 === 0 ? 'gold' : 'free', tags: ['a', `t${i % 7}`] },
      app_metadata: { region: i % 2 === 0 ? 'eu' : 'us' },
    })),
  })
  const token = await tokenFor(tenant)
  console.log(
    `\nSearch over ${SEARCH_USERS} users (GET /users, per_page=100, include_totals=true):`,
  )
  const queries = [
    '',
    'email:"person4242@example.com"',
    'email.domain:"corp.com"',
    'name:person1*',
    'name:*son42*',
    'logins_count:[100 TO 200}',
    'user_metadata.plan:"gold" AND app_metadata.region:"eu"',
    'NOT _exists_:user_metadata.plan OR user_metadata.tags:"t3"',
  ]
  for (const q of queries) {
    const path = `/users?per_page=100&include_totals=true&q=${encodeURIComponent(q)}`
    await call(tenant.domain, token, 'GET', path) // warm-up (JIT, first index sort)
    const runs = 5
    const started = performance.now()
    for (let i = 0; i < runs; i++) await call(tenant.domain, token, 'GET', path)
    const ms = (performance.now() - started) / runs
    console.log(`  ${(q || '(all users)').padEnd(62)} ${ms.toFixed(1).padStart(7)} ms`)
  }
  const sorted = `/users?per_page=100&sort=${encodeURIComponent('logins_count:-1')}&q=${encodeURIComponent('email:person*')}`
  const started = performance.now()
  await call(tenant.domain, token, 'GET', sorted)
  console.log(
    `  ${'email:person* sorted by logins_count:-1'.padEnd(62)} ${(performance.now() - started).toFixed(1).padStart(7)} ms`,
  )
  await tenant.stop()
}

await simpleRequests()
await search()
agent.destroy()
