/**
 * Times the emulator's user search over 50,000 generated users (Auth0 answers within ~2 s).
 * Run: npx tsx bench/emulator-search.ts
 */
import { performance } from 'node:perf_hooks'
import { compileQuery, compileSort, type UserRecord } from '../src/emulator/search/index.js'

const USER_COUNT = 50_000
const RUNS = 7

// Deterministic (mulberry32) so figures are comparable between runs.
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const random = prng(42)
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
const FIRST = [
  'John',
  'Jane',
  'Joe',
  'Maria',
  'Ahmed',
  'Li',
  'Olga',
  'Pierre',
  'Aisha',
  'Sven',
  'Usha',
  'Carlos',
]
const LAST = [
  'Smith',
  'Johnson',
  'Martin',
  'Nguyen',
  'Garcia',
  'Müller',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Anderson',
]
const DOMAINS = ['example.com', 'gmail.com', 'acme.io', 'corp.example.org', 'yahoo.fr']
const CONNECTIONS = [
  ['Username-Password-Authentication', 'auth0'],
  ['google-oauth2', 'google-oauth2'],
  ['github', 'github'],
] as const
const CITIES = ['Paris', 'Lyon', 'Berlin', 'London', 'Madrid', 'Rome']
const PLANS = ['free', 'free', 'free', 'pro', 'gold']
const START = Date.UTC(2020, 0, 1)
const SPAN = Date.UTC(2025, 0, 1) - START

function makeUser(i: number): UserRecord {
  const first = pick(FIRST)
  const last = pick(LAST)
  const email = `${first}.${last}${i}@${pick(DOMAINS)}`.toLowerCase()
  const [connection, provider] = pick(CONNECTIONS)
  const created = new Date(START + Math.floor(random() * SPAN)).toISOString()
  const user: UserRecord = {
    user_id: `${provider}|${i.toString(16).padStart(24, '0')}`,
    email,
    email_verified: random() < 0.7,
    name: `${first} ${last}`,
    given_name: first,
    family_name: last,
    nickname: email.split('@')[0],
    created_at: created,
    updated_at: created,
    identities: [{ connection, provider, user_id: i.toString(16), isSocial: provider !== 'auth0' }],
    app_metadata: { plan: pick(PLANS), roles: random() < 0.1 ? ['admin', 'editor'] : ['viewer'] },
    user_metadata: {
      addresses: [{ city: pick(CITIES), zip: String(10000 + i) }],
      locale: pick(['fr', 'en', 'de']),
    },
  }
  if (random() < 0.8) {
    user['logins_count'] = Math.floor(random() * 200)
    user['last_login'] = new Date(Date.parse(created) + Math.floor(random() * 3e10)).toISOString()
  }
  if (random() < 0.05) delete user['email_verified']
  if (random() < 0.02) user['blocked'] = true
  return user
}

const users = Array.from({ length: USER_COUNT }, (_, i) => makeUser(i))

const QUERIES = [
  `email:"${String(users[12_345]!['email'])}"`,
  'email.domain:"example.com"',
  'name:jo*',
  'name:*son*',
  'smith*',
  'identities.connection:"google-oauth2"',
  'app_metadata.plan:"gold" AND logins_count:[100 TO *]',
  'created_at:["2023-01-01T00:00:00.000Z" TO "2023-07-01T00:00:00.000Z"}',
  'last_login:{2024-11 TO 2024-12]',
  'email_verified:false OR NOT _exists_:email_verified',
  'user_metadata.addresses.city:"Paris" AND NOT blocked:true',
  '(name:jane* OR name:john*) AND NOT app_metadata.plan:free AND _exists_:last_login',
]

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

function time(run: () => number): { result: number; ms: number } {
  let result = 0
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    result = run()
    samples.push(performance.now() - start)
  }
  return { result, ms: median(samples) }
}

const rows = QUERIES.map((q) => {
  const { result, ms } = time(() => users.filter(compileQuery(q)).length)
  return { query: q, matches: result, ms: ms.toFixed(1) }
})
for (const sort of ['created_at:-1', 'name:1', 'last_login:1']) {
  const { result, ms } = time(() => [...users].sort(compileSort(sort)).length)
  rows.push({ query: `sort ${sort} (all users)`, matches: result, ms: ms.toFixed(1) })
}

console.log(`${USER_COUNT} users, median of ${RUNS} runs (compile + full scan)`)
console.table(rows)
