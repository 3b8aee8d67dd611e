import type { ServerResponse } from 'node:http'
import { ApiError } from './api-error.js'
import { sendJson } from './http-io.js'
import type { Outbox } from './outbox.js'

/**
 * `GET /__emulator/outbox?to=<address>` lists the e-mails the tenant would have sent (oldest
 * first), `DELETE /__emulator/outbox` empties it. The emulator's own endpoint — Auth0 has no
 * such thing — outside `/api/v2`, without authentication (the emulator listens on loopback).
 */
export function handleOutbox(
  outbox: Outbox,
  res: ServerResponse,
  method: string,
  query: URLSearchParams,
): void {
  if (method === 'GET') {
    return sendJson(res, 200, outbox.list({ to: query.get('to') ?? undefined }))
  }
  if (method === 'DELETE') {
    outbox.clear()
    return sendJson(res, 204, undefined)
  }
  const error = new ApiError(404, 'Not Found')
  sendJson(res, error.statusCode, error.body())
}
