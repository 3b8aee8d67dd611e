/**
 * Times the emulator's compiled search (the full scan, no indexes) over 50,000 generated users
 * (Auth0 answers within ~2 s). Run: npx tsx bench/emulator-search.ts
 */
import { performance } from 'node:perf_hooks'
import { compileQuery, compileSort, type UserRecord } from '../src/emulator/search/index.js'
import { generatedUsers } from './fixtures/generated-users.js'

const USER_COUNT = 50_000
const RUNS = 7

const users = [...generatedUsers(USER_COUNT)] as UserRecord[]

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
