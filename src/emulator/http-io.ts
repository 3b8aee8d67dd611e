import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApiError } from './api-error.js'
import { hasProtoKey } from './own-keys.js'

/** Auth0's payload limit on every Management API endpoint. */
export const MAX_BODY_BYTES = 1024 * 1024

/** Past this, an oversized body is not even drained: the socket is closed after the 413. */
const DRAIN_LIMIT = 16 * MAX_BODY_BYTES

/**
 * Reads the request body. Over 1 MB → hapi's 413; the rest is drained (up to a point) so the
 * client reads the 413 instead of a broken pipe.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const tooLarge = () =>
      new ApiError(413, `Payload content length greater than maximum allowed: ${limit}`)
    if (Number(req.headers['content-length']) > DRAIN_LIMIT) {
      reject(tooLarge())
      return
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > DRAIN_LIMIT) req.destroy()
      else if (size <= limit) chunks.push(chunk)
    })
    req.on('end', () => (size > limit ? reject(tooLarge()) : resolve(Buffer.concat(chunks))))
    // A client that goes away mid-body: settle anyway (the answer goes nowhere).
    req.on('close', () =>
      reject(size > limit ? tooLarge() : new ApiError(400, 'Incomplete request payload')),
    )
    req.on('error', () => undefined)
  })
}

/** Deeper JSON than this is refused: metadata that deep is a mistake, and recursion must not overflow. */
export const MAX_JSON_DEPTH = 64

function depthOf(value: unknown): number {
  let max = 0
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!
    if (typeof item !== 'object' || item === null) continue
    max = Math.max(max, depth)
    if (max > MAX_JSON_DEPTH) return max
    for (const child of Object.values(item)) stack.push([child, depth + 1])
  }
  return max
}

/**
 * Parses a body as hapi does for Auth0: JSON (also when no content type is sent), or
 * form-urlencoded (strings; `booleanKeys` read back as booleans). An empty body is `null`.
 * Anything else → 415; broken JSON, or JSON with a `__proto__` key anywhere → 400
 * `Invalid request payload JSON format`.
 */
export function parseBody(
  raw: Buffer,
  contentType: string | undefined,
  booleanKeys: ReadonlySet<string> = new Set(),
): unknown {
  const type = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase()
  if (type === 'application/json' || type.endsWith('+json')) {
    if (raw.length === 0) return null
    let value: unknown
    try {
      value = JSON.parse(raw.toString('utf8'))
    } catch {
      throw new ApiError(400, 'Invalid request payload JSON format')
    }
    // hapi parses JSON with Bourne (`protoAction: 'error'`): a `__proto__` key is a parse error.
    if (hasProtoKey(value)) throw new ApiError(400, 'Invalid request payload JSON format')
    if (depthOf(value) > MAX_JSON_DEPTH) {
      throw new ApiError(
        400,
        `Payload validation error: 'Maximum nesting depth of ${MAX_JSON_DEPTH} exceeded'.`,
        'invalid_body',
      )
    }
    return value
  }
  if (type === 'application/x-www-form-urlencoded') {
    // Null prototype, as Node's querystring (which hapi uses) returns: any key is plain data.
    const body: Record<string, unknown> = Object.create(null) as Record<string, unknown>
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) {
      body[key] =
        booleanKeys.has(key) && (value === 'true' || value === 'false') ? value === 'true' : value
    }
    return body
  }
  throw new ApiError(415, 'Unsupported Media Type')
}

/** Sends a JSON body (or nothing, for 204) with `headers`. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers)
    res.end()
    return
  }
  const payload = Buffer.from(JSON.stringify(body), 'utf8')
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(payload.length),
    ...headers,
  })
  res.end(payload)
}
