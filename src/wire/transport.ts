import http from 'node:http'
import https from 'node:https'
import type { Readable } from 'node:stream'
import axios, { type AxiosInstance } from 'axios'
import { NetworkError, TimeoutError, type RequestInfo } from '../errors.js'

/** One request as it goes on the wire: the body is already serialised. */
export interface WireRequest {
  method: string
  url: string
  headers: Record<string, string>
  /** JSON text, or multipart parts (axios sets the `multipart/form-data; boundary=…` type). */
  body?: string | FormData
  /** Milliseconds for the whole exchange, body included. */
  timeout: number
}

/** An HTTP answer of any status, body unparsed, header names lower-case. */
export interface WireResponse {
  status: number
  statusText: string
  headers: Record<string, string>
  text: string
}

/**
 * Sends requests through one axios instance and keep-alive agents. It resolves for every HTTP
 * status (the caller maps them) and rejects only with a fresh {@link NetworkError} or
 * {@link TimeoutError}: axios errors hold the request config, headers and body, so they are
 * dropped here and never become a `cause`.
 */
export class Transport {
  readonly #httpAgent: http.Agent
  readonly #httpsAgent: https.Agent
  readonly #axios: AxiosInstance

  constructor(options: { keepAlive?: boolean; maxSockets?: number } = {}) {
    const agentOptions = { keepAlive: options.keepAlive ?? true, maxSockets: options.maxSockets }
    this.#httpAgent = new http.Agent(agentOptions)
    this.#httpsAgent = new https.Agent(agentOptions)
    this.#axios = axios.create({
      httpAgent: this.#httpAgent,
      httpsAgent: this.#httpsAgent,
      // Statuses are mapped by the caller; bodies are parsed by the caller, so a non-JSON
      // body (an HTML 502 page) arrives intact instead of half-parsed.
      validateStatus: null,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      transformRequest: [(data: unknown) => data],
      // A redirect could carry the bearer token to another host; Auth0 never redirects the API.
      maxRedirects: 0,
    })
  }

  /** Sends one request; see the class doc for what it resolves and rejects with. */
  async send(req: WireRequest, info: RequestInfo): Promise<WireResponse> {
    const controller = new AbortController()
    let timedOut = false
    // Our own deadline rather than axios' socket-idle timeout: it also bounds a slow body.
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, req.timeout)
    try {
      const res = await this.#axios.request<unknown>({
        method: req.method,
        url: req.url,
        headers: req.headers,
        data: req.body,
        signal: controller.signal,
      })
      return {
        status: res.status,
        statusText: typeof res.statusText === 'string' ? res.statusText : '',
        headers: flattenHeaders(res.headers),
        text: typeof res.data === 'string' ? res.data : '',
      }
    } catch (err) {
      throw networkError(errorCode(err), timedOut, req.timeout, info)
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * GETs `url` as a stream, for files too big to hold (the users export). No header is sent but
   * `Accept`, so a signed link on another host never sees a token; the body must keep flowing:
   * `idleTimeout` ms without a byte ends it with a {@link TimeoutError}. Statuses are not mapped.
   */
  async stream(
    url: string,
    info: RequestInfo,
    options: { signal?: AbortSignal; idleTimeout: number },
  ): Promise<{ status: number; body: Readable }> {
    const controller = new AbortController()
    const abort = () => controller.abort()
    options.signal?.addEventListener('abort', abort, { once: true })
    let timedOut = false
    let timer: NodeJS.Timeout | undefined
    const idle = () => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        timedOut = true
        controller.abort()
      }, options.idleTimeout)
    }
    idle()
    try {
      const res = await this.#axios.request<Readable>({
        method: 'GET',
        url,
        headers: { Accept: '*/*' },
        responseType: 'stream',
        // No decompression here: the export file is gzip on purpose, and it is gunzipped by the reader.
        decompress: false,
        signal: controller.signal,
      })
      const body = res.data
      body.on('data', idle)
      const done = () => {
        clearTimeout(timer)
        options.signal?.removeEventListener('abort', abort)
      }
      body.once('close', done)
      body.once('error', done)
      // An abort after the headers (idle, or the caller's signal) ends the body with this error.
      controller.signal.addEventListener('abort', () =>
        body.destroy(
          networkError(timedOut ? 'ETIMEDOUT' : 'ABORT_ERR', timedOut, options.idleTimeout, info),
        ),
      )
      return { status: res.status, body }
    } catch (err) {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', abort)
      throw networkError(errorCode(err), timedOut, options.idleTimeout, info)
    }
  }

  /** Closes idle keep-alive sockets. Requests may still be sent afterwards. */
  close(): void {
    this.#httpAgent.destroy()
    this.#httpsAgent.destroy()
  }
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** Only the system error code survives: the message of a foreign error is not ours to trust. */
function networkError(
  code: string | undefined,
  timedOut: boolean,
  timeout: number,
  info: RequestInfo,
): NetworkError {
  if (timedOut || code === 'ETIMEDOUT') {
    return new TimeoutError(`timed out after ${timeout} ms`, 'ETIMEDOUT', info)
  }
  return new NetworkError(`network error (${code ?? 'unknown'})`, code, info)
}

function flattenHeaders(headers: unknown): Record<string, string> {
  const flat: Record<string, string> = {}
  if (headers === null || typeof headers !== 'object') return flat
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return flat
}
