/** Body keys whose string values are secrets, wherever they sit in a request body. */
const SECRET_KEY = /password|secret|token/i

/**
 * Secrets shorter than this are redacted only where they stand quoted: a short password such as
 * `weak` cannot be told apart from the word in `Password is too weak`. Auth0's weakest
 * password policy asks for 6 characters.
 */
const SHORT_SECRET = 6
/** Secrets this long (tokens, client secrets) are also found truncated: any fragment of… */
const FRAGMENT_SECRET = 12
/** …at least this many characters is redacted. */
const FRAGMENT = 10
const REDACTED = '[redacted]'

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
 * `text` with every secret replaced by `[redacted]`: as is, in any letter case, URL-encoded or
 * JSON-escaped, and (for long secrets) any fragment of 10 characters or more, so an echo that
 * truncates a token still leaks nothing. Secrets under 6 characters only where quoted.
 *
 * @example
 * redact('bad password hunter22', ['hunter22'])       //=> 'bad password [redacted]'
 * redact('token EYJHBGCIOIJSUZI1NIJ9…', [accessToken]) //=> 'token [redacted]…'
 * redact('Password is too weak', ['weak'])            //=> 'Password is too weak'
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret === '') continue
    if (secret.length < SHORT_SECRET) {
      for (const quote of ['"', "'", '`']) {
        out = replaceAll(out, `${quote}${secret}${quote}`, `${quote}${REDACTED}${quote}`)
      }
      continue
    }
    for (const form of forms(secret)) out = replaceAll(out, form, REDACTED)
    if (secret.length >= FRAGMENT_SECRET) out = redactFragments(out, secret)
  }
  return out
}

/** The ways a server may echo a secret: as is, URL-encoded, JSON-escaped. */
function forms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1)
  return [...new Set([secret, encodeURIComponent(secret), json])].sort(
    (a, b) => b.length - a.length,
  )
}

/** Case-insensitive, literal (no regex built from the secret). */
function replaceAll(text: string, needle: string, replacement: string): string {
  const haystack = text.toLowerCase()
  const lower = needle.toLowerCase()
  let out = ''
  let from = 0
  for (let at = haystack.indexOf(lower); at !== -1; at = haystack.indexOf(lower, from)) {
    out += text.slice(from, at) + replacement
    from = at + needle.length
  }
  return from === 0 ? text : out + text.slice(from)
}

/** Every run of `text` made of fragments (≥ 10 characters, any case) of `secret`. */
function redactFragments(text: string, secret: string): string {
  const windows = new Set<string>()
  const lower = secret.toLowerCase()
  for (let i = 0; i + FRAGMENT <= lower.length; i++) windows.add(lower.slice(i, i + FRAGMENT))
  const haystack = text.toLowerCase()
  const covered = new Uint8Array(text.length)
  let found = false
  for (let i = 0; i + FRAGMENT <= haystack.length; i++) {
    if (windows.has(haystack.slice(i, i + FRAGMENT))) {
      covered.fill(1, i, i + FRAGMENT)
      found = true
    }
  }
  if (!found) return text
  let out = ''
  for (let i = 0; i < text.length; i++) {
    if (covered[i] === 0) out += text[i]
    else if (i === 0 || covered[i - 1] === 0) out += REDACTED
  }
  return out
}
