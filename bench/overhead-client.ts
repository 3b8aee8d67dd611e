/**
 * One client's cost for `COUNT` GET /users/{id} at 16 concurrent, in its own process so its CPU
 * is its own: `node --import tsx bench/overhead-client.ts KIND ORIGIN CLIENT_ID SECRET COUNT`,
 * KIND one of `axios` (raw axios, keep-alive, a bearer token: the floor), `auth0plus`
 * (`auth0.users.get(id)`) and `sdk` (the official SDK v7, `users.get`). The emulator's CA comes
 * in NODE_EXTRA_CA_CERTS. Prints one JSON line: seconds, CPU seconds (user + system), requests.
 */
import https from 'node:https'
import axios from 'axios'
import { ManagementClient } from 'auth0'
import { Auth0, getToken } from '../src/index.js'

const [kind, origin, clientId, clientSecret, count] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
]
const CONCURRENCY = 16
const WARMUP = 200
const token = (await getToken(origin, clientId, clientSecret)).access_token
const ids = await userIds(Number(count))

/** `count` ids, cycling over the tenant's first 500 users (read untimed, with raw axios). */
async function userIds(count: number): Promise<string[]> {
  const users: string[] = []
  for (let page = 0; page < 5; page++) {
    const { data } = await axios.get<{ user_id: string }[]>(`${origin}/api/v2/users`, {
      params: { page, per_page: 100, fields: 'user_id', include_fields: true },
      headers: { Authorization: `Bearer ${token}` },
    })
    users.push(...data.map((user) => user.user_id))
    if (data.length < 100) break
  }
  return Array.from({ length: count }, (_, i) => users[i % users.length]!)
}

async function makeGet(): Promise<(id: string) => Promise<unknown>> {
  if (kind === 'axios') {
    const http = axios.create({
      baseURL: `${origin}/api/v2`,
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: CONCURRENCY }),
      headers: { Authorization: `Bearer ${token}` },
    })
    return async (id) => (await http.get(`/users/${encodeURIComponent(id)}`)).data
  }
  if (kind === 'auth0plus') {
    const auth0 = new Auth0(origin, token, { concurrency: CONCURRENCY })
    return (id) => auth0.users.get(id)
  }
  const sdk = new ManagementClient({ domain: new URL(origin).host, token })
  return async (id) => (await sdk.users.get(id)).data
}

async function run(get: (id: string) => Promise<unknown>, list: string[]): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < list.length) await get(list[next++]!)
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
}

const get = await makeGet()
await run(get, ids.slice(0, WARMUP))
const cpu = process.cpuUsage()
const started = process.hrtime.bigint()
await run(get, ids)
const seconds = Number(process.hrtime.bigint() - started) / 1e9
const used = process.cpuUsage(cpu)
process.stdout.write(
  `${JSON.stringify({ kind, requests: ids.length, seconds, cpuSeconds: (used.user + used.system) / 1e6 })}\n`,
)
