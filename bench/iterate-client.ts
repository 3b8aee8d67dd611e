/**
 * Iterates every user of a tenant with auth0plus, sampling memory, in its own process so the
 * emulator's memory is not counted: `node --import tsx bench/iterate-client.ts ORIGIN ID SECRET`.
 * Prints one JSON line: users seen, requests, 429s, seconds, baseline and peak heap / rss (MB).
 */
import { Auth0 } from '../src/index.js'

const [domain, clientId, clientSecret] = process.argv.slice(2) as [string, string, string]
let requests = 0
let throttled = 0
const auth0 = new Auth0(domain, {
  clientId,
  clientSecret,
  logger: {
    debug: (message, fields) => {
      if (message.startsWith('auth0plus http request')) requests++
      if (message.startsWith('auth0plus http response') && fields?.status === 429) throttled++
    },
  },
})

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10
global.gc?.()
const baseline = process.memoryUsage()
let peakHeap = baseline.heapUsed
let peakRss = baseline.rss
const sampler = setInterval(() => {
  const { heapUsed, rss } = process.memoryUsage()
  peakHeap = Math.max(peakHeap, heapUsed)
  peakRss = Math.max(peakRss, rss)
}, 10)

const started = Date.now()
const seen = new Set<string>()
let users = 0
for await (const user of auth0.users.all()) {
  users++
  seen.add(user.user_id!)
}
clearInterval(sampler)
process.stdout.write(
  `${JSON.stringify({
    users,
    unique: seen.size,
    requests,
    throttled,
    seconds: (Date.now() - started) / 1000,
    baselineHeapMb: mb(baseline.heapUsed),
    peakHeapMb: mb(peakHeap),
    baselineRssMb: mb(baseline.rss),
    peakRssMb: mb(peakRss),
  })}\n`,
)
