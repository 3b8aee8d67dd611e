import { generatedUser } from './fixtures/generated-users.ts'
import { SearchIndex } from '../src/emulator/search-index.ts'
import { compileSearch, indexedSearch } from '../src/emulator/search/index.ts'
const n = Number(process.argv[2] ?? 1_000_000)
const index = new SearchIndex(0, () => 0)
for (let i = 0; i < n; i++) { const u = generatedUser(i); index.load(u.user_id as string, u) }
// Build every index the bench uses, plus all eight text indexes (a fieldless term).
for (const q of ['email:x', 'app_metadata.plan:x', 'created_at:2022', 'jane*']) {
  const c = compileSearch(q)
  indexedSearch(index.indexed(), { test: c.test, plan: c.plan, exact: false, sort: undefined, start: 0, limit: 1, totals: false })
}
const times: number[] = []
for (let k = 0; k < 2000; k++) {
  const old = generatedUser(Math.floor(Math.random() * n))
  const next = { ...old, email: `changed${k}@example.com`, app_metadata: { plan: 'gold' }, updated_at: new Date().toISOString() }
  const t = performance.now()
  index.record(old.user_id as string, next)
  times.push(performance.now() - t)
}
times.sort((a, b) => a - b)
console.log(`replace one user with all indexes built, ${n} users: p50 ${times[1000]!.toFixed(3)} ms, p95 ${times[1900]!.toFixed(3)} ms, max ${times[1999]!.toFixed(3)} ms; rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`)
