import type { Readable } from 'node:stream'
import { Auth0Error, InvalidArgument, NetworkError, type RequestInfo } from '../errors.js'
import type { TenantAddress } from '../auth/tenant-address.js'
import type { TokenProvider } from '../auth/token-provider.js'
import { errorFromResponse } from '../wire/error-from-response.js'
import { assertPlainJson } from '../wire/plain-json.js'
import { parseRateLimit, parseReset } from '../wire/rate-limit-headers.js'
import { secretsIn } from '../wire/redact.js'
import { retryDelay } from './retry-delay.js'
import { isRetryableNetworkError, isRetryableStatus } from './retry-policy.js'
import { Pacing } from './pacing.js'
import { Semaphore } from './semaphore.js'
import { Transport, type WireResponse } from '../wire/transport.js'
import type { ApiRequest, ApiResponse, Logger, QueryParams } from './types.js'

/** Options of {@link HttpClient}. */
export interface HttpClientOptions {
  address: TenantAddress
  tokens: TokenProvider
  /** Milliseconds per attempt, body included; default 10 000. */
  timeout?: number
  /** Retries after the first attempt; default 3. */
  maxRetries?: number
  /** Requests in flight at once, retry waits included; default 10. */
  concurrency?: number
  /** One line per request, response and retry: method, path, status, attempt, delay. */
  logger?: Logger
  /**
   * Pace every request from the tenant's `x-ratelimit-*` headers, per bucket, so that ordinary
   * concurrency meets no 429 (see {@link Pacing}); default true. Answers without the headers
   * lift pacing.
   */
  pace?: boolean
  /** Milliseconds, like `Date.now`. */
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  /** In [0, 1), like `Math.random`: the retry jitter. */
  random?: () => number
  userAgent?: string
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * The Management API client: bearer token, JSON, retries, pacing from the rate-limit headers
 * (one {@link Pacing} per client, so all its callers share the tenant's buckets) and Auth0's
 * error answers as {@link Auth0Error}. One per `Auth0`, over keep-alive sockets.
 *
 * Errors carry the method and the path (ids included) but never the query string, which may
 * hold emails or a search, and never a header or body.
 *
 * @example
 * const http = new HttpClient({ address: resolveTenant(domain), tokens })
 * await http.request({ method: 'GET', path: '/users', params: { q: 'email:"a@b.c"' } })
 * // GET https://{domain}/api/v2/users?q=email%3A%22a%40b.c%22
 */
export class HttpClient {
  readonly #address: TenantAddress
  readonly #tokens: TokenProvider
  readonly #timeout: number
  readonly #maxRetries: number
  readonly #slots: Semaphore
  readonly #pacing: Pacing | undefined
  readonly #transport: Transport
  readonly #logger: Logger | undefined
  readonly #now: () => number
  readonly #sleep: (ms: number) => Promise<void>
  readonly #random: () => number
  readonly #userAgent: string

  constructor(options: HttpClientOptions) {
    this.#address = options.address
    this.#tokens = options.tokens
    this.#timeout = positive('timeout', options.timeout ?? 10_000)
    this.#maxRetries = count('maxRetries', options.maxRetries ?? 3, 0)
    const concurrency = count('concurrency', options.concurrency ?? 10, 1)
    this.#slots = new Semaphore(concurrency)
    this.#transport = new Transport({ keepAlive: true, maxSockets: concurrency })
    this.#logger = options.logger
    this.#now = options.now ?? Date.now
    this.#sleep = options.sleep ?? defaultSleep
    this.#random = options.random ?? Math.random
    this.#userAgent = options.userAgent ?? `auth0plus (node ${process.versions.node})`
    this.#pacing =
      options.pace === false ? undefined : new Pacing({ now: this.#now, sleep: this.#sleep })
  }

  /**
   * Sends `req` to `{origin}/api/v2{path}` and resolves with the parsed 2xx answer.
   *
   * @throws RateLimitError after `maxRetries` 429s; Auth0Error for other error answers;
   *   NetworkError / TimeoutError when no answer came; whatever the token provider throws.
   */
  request<T>(req: ApiRequest): Promise<ApiResponse<T>> {
    if (typeof req.path !== 'string' || !req.path.startsWith('/')) {
      return Promise.reject(new InvalidArgument('An API path must start with "/"'))
    }
    try {
      if (req.body !== undefined) assertPlainJson(req.body, 'the request body')
    } catch (error) {
      return Promise.reject(error)
    }
    return this.#slots.run(() => this.#exchange<T>(req))
  }

  /**
   * Streams a file from a URL outside the Management API (a signed export link): through the
   * same transport, but without the bearer token, retries or redirects.
   */
  stream(
    url: string,
    options: { signal?: AbortSignal; idleTimeout: number },
  ): Promise<{ status: number; body: Readable }> {
    return this.#transport.stream(url, { method: 'GET', path: '(file)' }, options)
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.#transport.close()
  }

  async #exchange<T>(req: ApiRequest): Promise<ApiResponse<T>> {
    const info: RequestInfo = { method: req.method, path: req.path.replace(/[?#].*$/s, '') }
    const url = `${this.#address.origin}/api/v2${req.path}${queryString(req.params)}`
    const body = req.form ?? (req.body === undefined ? undefined : JSON.stringify(req.body))
    let token = await this.#tokens.token()
    let renewed = false
    let retries = 0
    for (let attempt = 1; ; attempt++) {
      const permit = await this.#pacing?.acquire(req.method, info.path)
      this.#log('request', { ...info, attempt })
      let res: WireResponse
      try {
        res = await this.#transport.send(
          {
            method: req.method,
            url,
            headers: this.#headers(token, body),
            body,
            timeout: this.#timeout,
          },
          info,
        )
      } catch (err) {
        if (permit) this.#pacing?.abandon(permit)
        const code = err instanceof NetworkError ? err.code : undefined
        if (retries < this.#maxRetries && isRetryableNetworkError(req.method, code)) {
          retries++
          const delay = retryDelay({ retry: retries, rateLimited: false, ...this.#dice() })
          await this.#wait(delay, { ...info, code, attempt })
          continue
        }
        throw err
      }
      const rateLimit = parseRateLimit(res.headers)
      // The answer's rate-limit numbers go in the debug fields (`--debug` prints them); no secret.
      this.#log('response', { ...info, status: res.status, attempt, rateLimit })
      if (permit) this.#pacing?.observe(permit, rateLimit, res.status === 429)

      if (res.status >= 200 && res.status < 300) {
        return { status: res.status, data: parseData<T>(res, info), rateLimit }
      }
      if (res.status === 401 && !renewed && this.#tokens.renewable !== false) {
        // One renewal and one replay: a second 401 means the new token is refused too.
        renewed = true
        token = await this.#tokens.renew(token)
        continue
      }
      if (retries < this.#maxRetries && isRetryableStatus(req.method, res.status)) {
        retries++
        const delay = retryDelay({
          retry: retries,
          rateLimited: res.status === 429,
          retryAfter: res.headers['retry-after'],
          rateLimitReset: parseReset(res.headers),
          ...this.#dice(),
        })
        await this.#wait(delay, { ...info, status: res.status, attempt })
        continue
      }
      throw errorFromResponse(res, info, [token, ...secretsIn(req.body)])
    }
  }

  #headers(token: string, body: string | FormData | undefined): Record<string, string> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      'User-Agent': this.#userAgent,
    }
    if (typeof body === 'string') headers['Content-Type'] = 'application/json'
    return headers
  }

  /** The clock and the jitter of a retry delay. */
  #dice(): { now: number; random: number } {
    return { now: this.#now(), random: this.#random() }
  }

  async #wait(delay: number, fields: Record<string, unknown>): Promise<void> {
    this.#log('retry', { ...fields, delay })
    await this.#sleep(delay)
  }

  #log(event: 'request' | 'response' | 'retry', fields: Record<string, unknown>): void {
    if (!this.#logger) return
    const status = fields.status ?? fields.code
    const tail = event === 'retry' ? ` in ${String(fields.delay)} ms` : ''
    const what = status === undefined ? '' : ` ${String(status)}`
    this.#logger.debug(
      `auth0plus http ${event} ${String(fields.method)} ${String(fields.path)}${what} (attempt ${String(fields.attempt)})${tail}`,
      fields,
    )
  }
}

function parseData<T>(res: WireResponse, info: RequestInfo): T {
  // `/\S/` stops at the first character of a JSON body; `trim()` would copy the whole body.
  if (!/\S/.test(res.text)) return undefined as T
  try {
    return JSON.parse(res.text) as T
  } catch {
    // A 2xx that is not JSON comes from something in between (a captive portal, a proxy).
    throw new Auth0Error(
      { statusCode: res.status, error: res.statusText, message: 'The answer was not JSON' },
      info,
    )
  }
}

/** `?a=1&b=x` with `undefined` values left out; spaces as `%20` so lucene queries stay readable. */
function queryString(params: QueryParams | undefined): string {
  if (!params) return ''
  const pairs = Object.entries(params).filter(
    (pair): pair is [string, string | number | boolean] => pair[1] !== undefined,
  )
  if (pairs.length === 0) return ''
  return (
    '?' +
    pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')
  )
}

function positive(name: string, value: number): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new InvalidArgument(`${name} must be a positive number of milliseconds`)
  }
  return value
}

function count(name: string, value: number, min: number): number {
  if (!(Number.isInteger(value) && value >= min)) {
    throw new InvalidArgument(`${name} must be an integer of at least ${min}`)
  }
  return value
}
