/** Body keys whose string values are secrets, wherever they sit in a request body. */
const SECRET_KEY = /password|secret|token/i

/** Shorter strings would match ordinary words in a message and cannot be told apart from them. */
const MIN_SECRET_LENGTH = 4

/**
 * The secret strings a request body holds (`password`, `client_secret`, ...), so that an error
 * message a server builds by echoing the body can be scrubbed of them.
 *
 * @example
 * secretsIn({ email: 'a@b.c', password: 'hunter22' }) //=> ['hunter22']
 */
export function secretsIn(body: unknown, depth = 0): string[] {
  if (depth > 4 || body === null || typeof body !== 'object') return []
  const found: string[] = []
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string' && SECRET_KEY.test(key)) found.push(value)
    else found.push(...secretsIn(value, depth + 1))
  }
  return found
}

/**
 * `text` with every secret replaced by `[redacted]`.
 *
 * @example
 * redact('bad password hunter22', ['hunter22']) //=> 'bad password [redacted]'
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join('[redacted]')
  }
  return out
}
