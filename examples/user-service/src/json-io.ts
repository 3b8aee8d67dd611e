import type { IncomingMessage, ServerResponse } from 'node:http'
import { HttpError } from './http-error.js'

/** User documents are small; a bigger body is a mistake or abuse, refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024

/**
 * The request body, parsed as JSON. A missing content type is read as JSON (curl without `-H`);
 * any other is refused. The parser's own message is never passed on: V8 quotes the text around
 * the error, which may be a password.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type']
  if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, 'Send the body as application/json.')
  }
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) throw tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw tooLarge()
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') throw new HttpError(400, 'The request needs a JSON object as its body.')
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new HttpError(400, 'The body is not valid JSON.')
  }
}

/** Writes one answer; `body` undefined means no content (204). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (body === undefined) {
    res.writeHead(status, headers).end()
    return
  }
  const text = JSON.stringify(body)
  res
    .writeHead(status, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
    })
    .end(text)
}

function tooLarge(): HttpError {
  // The rest of the upload is not read, so the connection cannot be reused.
  return new HttpError(413, `The body is larger than ${MAX_BODY_BYTES} bytes.`, {
    headers: { Connection: 'close' },
  })
}
