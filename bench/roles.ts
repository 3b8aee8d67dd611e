/**
 * The roles benchmark — `npm run bench:roles` (part of `npm run bench`). Against an emulated
 * tenant at Auth0's Enterprise rate limit (50 burst, 16 requests/s for the whole Management API),
 * it assigns one role to 5,000 users with `role.users.add(qs)` and prints the wall time, the
 * requests by kind and the 429s beside the ideal: the pages needed to collect the users
 * (⌈N / 100⌉ search pages) plus ⌈N / 1000⌉ POST /roles/{id}/users, the first 50 free, then 16/s.
 */
import { startEmulator } from '../src/emulator/index.js'
import { Auth0 } from '../src/index.js'

const USERS = 5_000
const PAGE = 100
const BATCH = 1_000
const BURST = 50
const PER_SECOND = 16

const base = Date.parse('2024-01-01T00:00:00.000Z')
const users = Array.from({ length: USERS }, (_, i) => ({
  email: `member${i}@roles.bench.test`,
  created_at: new Date(base + i * 1_000).toISOString(),
}))
const tenant = await startEmulator({ port: 0, rateLimit: 'enterprise', users })
const counts = { GET: 0, POST: 0, other: 0, throttled: 0 }
const auth0 = new Auth0(tenant.domain, {
  clientId: tenant.clientId,
  clientSecret: tenant.clientSecret,
  logger: {
    debug: (message, fields) => {
      if (message.startsWith('auth0plus http request')) {
        const method = String(fields?.method ?? '')
        if (method === 'GET' || method === 'POST') counts[method]++
        else counts.other++
      }
      if (message.startsWith('auth0plus http response') && fields?.status === 429) {
        counts.throttled++
      }
    },
  },
})
const role = await auth0.roles.create({ name: 'bench-members' })
const before = { ...counts }
const started = Date.now()
const result = await role.users.add(auth0.users.query({ email: '*@roles.bench.test' }))
const seconds = (Date.now() - started) / 1000
const after = { ...counts }
const members = await role.users.all().count()
await tenant.stop()

const idealRequests = Math.ceil(USERS / PAGE) + Math.ceil(USERS / BATCH)
const idealSeconds = Math.max(0, idealRequests - BURST) / PER_SECOND
const rows: [string, string][] = [
  [`assign a role to ${USERS} users, role.users.add(qs)`, `${seconds.toFixed(1)} s`],
  [
    '  requests: GET (collect) / POST (assign) / other',
    `${after.GET - before.GET} / ${after.POST - before.POST} / ${after.other - before.other}`,
  ],
  ['  POSTs reported by the result', String(result.requests)],
  ['  429s', String(after.throttled - before.throttled)],
  [
    '  assigned / failed / not attempted',
    `${result.count} / ${result.failed.length} / ${result.notAttempted.length}`,
  ],
  ['  role members afterwards', String(members)],
  [`  ideal: ⌈N/${PAGE}⌉ pages + ⌈N/${BATCH}⌉ POSTs`, `${idealRequests} requests`],
  [`  ideal time (first ${BURST} free, then ${PER_SECOND}/s)`, `${idealSeconds.toFixed(1)} s`],
]
console.log(`rate limit: Auth0 Enterprise (${BURST} burst, ${PER_SECOND}/s)\n`)
const width = Math.max(...rows.map(([label]) => label.length))
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`)
