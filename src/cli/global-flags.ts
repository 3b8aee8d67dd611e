import { existsSync } from 'node:fs'
import dotenv from 'dotenv'
import type { Logger } from '../index.js'
import { UsageError } from './usage-error.js'

/** The flags every command accepts, before or after its name. */
export interface GlobalFlags {
  /** Read the tenant settings from this file instead of `./.env`. */
  env?: string
  /** Log each Management API request to stderr. */
  debug?: boolean
}

let flags: GlobalFlags = {}

/** Set once per run, from the command line, before the command's action. */
export function setGlobalFlags(next: GlobalFlags): void {
  flags = { ...next }
}

/**
 * Loads the tenant settings into `process.env` (the environment wins over the file): from
 * `--env`, which must exist, or from `./.env` when there is one. Only the CLI reads such
 * files; the library never does.
 */
export function loadEnvFile(): void {
  const path = flags.env
  if (path !== undefined && !existsSync(path)) {
    throw new UsageError(`--env ${path}: no such file.`)
  }
  dotenv.config({ path: path ?? '.env', quiet: true })
}

/**
 * With `--debug`, a logger that prints one line per request to stderr: method, path (no query
 * string), status, time taken and, when the tenant sent them, the rate-limit numbers. The
 * library's log fields never hold a token, a secret or a body, and this prints only those
 * named fields.
 *
 * @example
 * // debug: GET /users 200 84 ms (rate limit 49/50, reset 1767225600)
 */
export function debugLogger(write: (line: string) => void = stderrLine): Logger | undefined {
  if (!flags.debug) return undefined
  const started = new Map<string, number[]>()
  return {
    debug(_message, fields = {}) {
      const method = String(fields.method)
      const path = String(fields.path)
      const key = `${method} ${path}`
      if (_message.startsWith('auth0plus http request')) {
        started.set(key, [...(started.get(key) ?? []), performance.now()])
        return
      }
      if (_message.startsWith('auth0plus http retry')) {
        const why = fields.status ?? fields.code
        write(`debug: ${key} retry in ${String(fields.delay)} ms (${String(why)})`)
        return
      }
      const queue = started.get(key) ?? []
      const since = queue.shift()
      const took = since === undefined ? '' : ` ${Math.round(performance.now() - since)} ms`
      write(`debug: ${key} ${String(fields.status)}${took}${rateLimitText(fields.rateLimit)}`)
    },
  }
}

function rateLimitText(value: unknown): string {
  const limit = value as { limit?: unknown; remaining?: unknown; reset?: unknown } | undefined
  if (typeof limit?.limit !== 'number') return ''
  return ` (rate limit ${String(limit.remaining)}/${limit.limit}, reset ${String(limit.reset)})`
}

function stderrLine(line: string): void {
  process.stderr.write(`${line}\n`)
}
