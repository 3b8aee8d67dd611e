import { Agent, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { RunningEmulator } from '../../../src/emulator/index.js'

/** What a {@link Tap} saw pass through it. */
export interface TapCounts {
  /** Management API requests (`/api/v2/...`), each retry counted. */
  api: number
  /** `/oauth/token` requests: one per token the clients fetched. */
  tokens: number
  /** API answers by status. */
  statuses: Map<number, number>
  /** API requests the tenant hung up on without an answer. */
  resets: number
}

/** A counting pass-through in front of an emulator; clients use its `domain`. */
export interface Tap {
  domain: string
  port: number
  counts: TapCounts
  stop(): Promise<void>
}

/**
 * Starts an HTTP pass-through on 127.0.0.1 that forwards every request to `tenant` unchanged
 * (the `Host` header included, so the emulator accepts the tap's audience) and counts what goes
 * by. The emulator draws a fault per API request in arrival order, so the tap's count is what
 * {@link faultsInjected} replays. A connection the tenant resets is reset for the client too.
 * Counting here, rather than in a client's logger, also covers the CLI in its own process.
 */
export async function startTap(
  tenant: RunningEmulator,
  /** Answers a request itself with this status (a 503 outage) instead of forwarding it. */
  intercept?: (method: string, url: string) => number | undefined,
): Promise<Tap> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 })
  const counts: TapCounts = { api: 0, tokens: 0, statuses: new Map(), resets: 0 }
  const server = createServer((req, res) => {
    const api = req.url?.startsWith('/api/v2/') === true
    if (api) counts.api++
    else if (req.url === '/oauth/token') counts.tokens++
    const status = api ? intercept?.(req.method ?? 'GET', req.url ?? '/') : undefined
    if (status !== undefined) {
      counts.statuses.set(status, (counts.statuses.get(status) ?? 0) + 1)
      req.resume()
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          statusCode: status,
          error: 'Service Unavailable',
          message: 'Service Unavailable',
        }),
      )
      return
    }
    const upstream = request(
      {
        host: '127.0.0.1',
        port: tenant.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        const status = answer.statusCode ?? 0
        if (api) counts.statuses.set(status, (counts.statuses.get(status) ?? 0) + 1)
        res.writeHead(status, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('error', () => {
      if (api) counts.resets++
      req.socket.destroy()
    })
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    domain: `http://127.0.0.1:${port}`,
    port,
    counts,
    stop: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      agent.destroy()
    },
  }
}
