import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { Auth0PlusError, NetworkError } from '../errors.js'
import type { HttpClient } from '../http/http-client.js'

/** An idle socket for this long ends the download. */
const IDLE_TIMEOUT_MS = 60_000

/**
 * Streams a users-export file: GET the job's `location`, gunzip, one JSON object per line. The
 * link is a signed URL on another host (`user-exports.auth0.com`), outside the Management API,
 * so it is fetched through the client's transport without the bearer token, and no redirect followed. Errors
 * never quote the URL, whose signature is as good as a password for the next 60 seconds.
 * Memory stays at one chunk plus one line.
 *
 * @example
 * for await (const user of downloadExport(http, job.location, job.id)) console.log(user.email)
 * // GET https://user-exports.auth0.com/job_…/tenant.json.gz?Expires=…&Signature=… (no Authorization)
 */
export async function* downloadExport(
  http: HttpClient,
  location: string,
  jobId: string,
  signal?: AbortSignal,
): AsyncGenerator<Record<string, unknown>> {
  const res = await open(http, location, jobId, signal)
  // pipeline destroys the gunzip stream with any error of either side, so the loop sees it.
  const lines = pipeline(res, createGunzip(), () => {})
  lines.setEncoding('utf8')
  let rest = ''
  let line = 0
  try {
    for await (const chunk of lines as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\n')
      rest = parts.pop()!
      for (const text of parts) yield parse(text, ++line, jobId)
    }
  } catch (error) {
    if (error instanceof Auth0PlusError && !(error instanceof NetworkError)) throw error
    throw downloadError(jobId, `the file could not be read (${codeOf(error)})`)
  } finally {
    res.destroy()
  }
  if (rest.trim() !== '') yield parse(rest, ++line, jobId)
}

async function open(
  http: HttpClient,
  location: string,
  jobId: string,
  signal?: AbortSignal,
): Promise<Readable> {
  let url: URL
  try {
    url = new URL(location)
  } catch {
    throw downloadError(jobId, 'its location is not a URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw downloadError(jobId, 'its location is not http(s)')
  }
  let res: { status: number; body: Readable }
  try {
    res = await http.stream(url.href, { signal, idleTimeout: IDLE_TIMEOUT_MS })
  } catch (error) {
    throw downloadError(jobId, `the request failed (${codeOf(error)})`)
  }
  if (res.status !== 200) {
    res.body.resume()
    throw downloadError(jobId, `the file server answered ${String(res.status)}`)
  }
  return res.body
}

function parse(text: string, line: number, jobId: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>
    }
  } catch {
    // reported below
  }
  throw downloadError(jobId, `line ${line} is not a JSON object`)
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : 'unknown error'
}

function downloadError(jobId: string, why: string): Auth0PlusError {
  return new Auth0PlusError(`Downloading the file of users export ${jobId} failed: ${why}.`)
}
