/**
 * One client reading every user of a big tenant, in its own process so its CPU is its own:
 * `node --import tsx bench/stream-client.ts KIND ORIGIN CLIENT_ID SECRET`, KIND one of
 * - `auth0plus`: `for await (const user of auth0.users.all({ connection: null }))`;
 * - `ideal`: raw axios (keep-alive, a bearer token) that already knows where every created_at
 *   range of 1000 starts (computed from the generator offline), so it spends no request on
 *   planning: the emulator's page rate for this job, the floor any client can reach.
 * Prints one JSON line: users, unique ids, requests, seconds to the first user and in all, and
 * the client's CPU seconds.
 */
import http from 'node:http'
import axios from 'axios'
import { Auth0, getToken } from '../src/index.js'
import { generatedUser } from './fixtures/generated-users.js'

const [kind, origin, clientId, clientSecret, count] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
]
// The ideal client's plan: every creation time, sorted, so it knows each range's bounds. Worked
// out before the clock starts, since a real client would have to ask for it.
const times =
  kind === 'auth0plus'
    ? []
    : Array.from({ length: Number(count) }, (_, i) =>
        Date.parse(generatedUser(i).created_at as string),
      ).sort((a, b) => a - b)
const started = performance.now()
let firstAt = 0
let requests = 0
let users = 0
const seen = new Set<string>()
const saw = (id: string) => {
  if (users++ === 0) firstAt = performance.now()
  seen.add(id)
}

if (kind === 'auth0plus') {
  const auth0 = new Auth0(origin, {
    clientId,
    clientSecret,
    logger: {
      debug: (message) => void (message.startsWith('auth0plus http request') && requests++),
    },
  })
  for await (const user of auth0.users.all({ connection: null })) saw(user.user_id!)
} else {
  const token = (await getToken(origin, clientId, clientSecret)).access_token
  const client = axios.create({
    baseURL: `${origin}/api/v2`,
    headers: { Authorization: `Bearer ${token}` },
    httpAgent: new http.Agent({ keepAlive: true }),
  })
  const iso = (ms: number) => new Date(ms).toISOString()
  for (let start = 0; start < times.length;) {
    // The next range ends before the first user it cannot hold (never inside a millisecond).
    let end = Math.min(start + 1000, times.length)
    while (end < times.length && times[end] === times[end - 1]) end--
    const to = end < times.length ? times[end]! : times.at(-1)! + 1
    const q = `created_at:[${iso(times[start]!)} TO *] AND created_at:[* TO ${iso(to)}}`
    for (let page = 0; page * 100 < end - start; page++) {
      requests++
      const { data } = await client.get<{ users: { user_id: string }[] }>('/users', {
        params: {
          q,
          search_engine: 'v3',
          page,
          per_page: 100,
          include_totals: true,
          sort: 'created_at:1',
        },
      })
      for (const user of data.users) saw(user.user_id)
    }
    start = end
  }
}

const seconds = (performance.now() - started) / 1000
const cpu = process.cpuUsage()
const cpuSeconds = (cpu.user + cpu.system) / 1e6
process.stdout.write(
  `${JSON.stringify({ kind, users, unique: seen.size, requests, firstUserSeconds: (firstAt - started) / 1000, seconds, cpuSeconds })}\n`,
)
