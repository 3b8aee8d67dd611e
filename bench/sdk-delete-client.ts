/**
 * The bulk delete people write today with the official SDK (auth0 v7): list page by page with
 * include_totals, then delete each user in turn. Run in its own process so NODE_EXTRA_CA_CERTS
 * (the emulator's certificate) is read at start:
 * `node --import tsx bench/sdk-delete-client.ts HOST:PORT CLIENT_ID CLIENT_SECRET`.
 * Prints one JSON line: what it listed, deleted, failed, the 429s and requests it sent, and the
 * users left afterwards.
 */
import { ManagementClient } from 'auth0'

const [domain, clientId, clientSecret] = process.argv.slice(2) as [string, string, string]
let requests = 0
let throttled = 0
const counting: typeof fetch = async (input, init) => {
  requests++
  const res = await fetch(input, init)
  if (res.status === 429) throttled++
  return res
}
const client = new ManagementClient({ domain, clientId, clientSecret, fetch: counting })

const started = Date.now()
const ids: string[] = []
let listError: string | undefined
for (let page = 0; ; page++) {
  try {
    const res = await client.users.list({ page, per_page: 100, include_totals: true })
    ids.push(...res.data.map((user) => user.user_id!))
    if (res.data.length < 100) break
  } catch (err) {
    const e = err as { statusCode?: number; body?: { errorCode?: string } }
    listError = `${String(e.statusCode)} ${e.body?.errorCode ?? ''} at page ${page}`
    break
  }
}
let deleted = 0
let failed = 0
for (const id of ids) {
  try {
    await client.users.delete(id)
    deleted++
  } catch {
    failed++
  }
}
const seconds = (Date.now() - started) / 1000
const after = await client.users.list({ per_page: 1, include_totals: true })
const left = (after.response as { total?: number }).total
process.stdout.write(
  `${JSON.stringify({ listed: ids.length, listError, deleted, failed, throttled, requests, seconds, left })}\n`,
)
