import { resolveTenant } from '../../../src/auth/tenant-address.js'
import type { TokenProvider } from '../../../src/auth/token-provider.js'
import { HttpClient, type HttpClientOptions } from '../../../src/http/http-client.js'

/** Shared set-up of the HTTP client tests: a fake clock that only sleeps move, recorded sleeps and log lines. */

export const ORIGIN = 'https://tenant.eu.auth0.com'
export const API = `${ORIGIN}/api/v2`
export const address = resolveTenant('tenant.eu.auth0.com')
export const NOW = Date.parse('2026-01-01T00:00:00Z')

/** A provider handing out `tokens` in turn: the first from token(), the next on each renew. */
export class ListTokens implements TokenProvider {
  readonly renewed: string[] = []
  #index = 0
  constructor(readonly tokens: string[] = ['token-1', 'token-2', 'token-3']) {}
  async token(): Promise<string> {
    return this.tokens[this.#index]!
  }
  async renew(stale: string): Promise<string> {
    this.renewed.push(stale)
    this.#index++
    return this.tokens[this.#index]!
  }
}

export interface TestClient {
  http: HttpClient
  delays: number[]
  lines: Array<{ message: string; fields: Record<string, unknown> | undefined }>
}

export function testClient(options: Partial<HttpClientOptions> = {}): TestClient {
  const delays: number[] = []
  const lines: TestClient['lines'] = []
  let now = NOW
  const http = new HttpClient({
    address,
    tokens: new ListTokens(),
    now: () => now,
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms)
      now += ms
    },
    logger: { debug: (message, fields) => lines.push({ message, fields }) },
    ...options,
  })
  return { http, delays, lines }
}

/** What nock's replyWithError needs to emit a system error (nock 14 ignores plain objects). */
export function systemError(code: string): Error {
  return Object.assign(new Error(`simulated ${code}`), { code })
}
