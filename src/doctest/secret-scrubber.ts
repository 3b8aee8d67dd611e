import { inspect } from 'node:util'

/** Environment names whose values are secrets: `CLIENT_SECRET`, `DB_PASSWORD`, `API_TOKEN`... */
const SECRET_NAME = /secret|passw|token|api_?key|private/i

/** Property names whose string values are secrets wherever a doc's value holds them. */
const SECRET_KEYS = [
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'clientSecret',
  'password',
]

/** `header.payload.signature`, each base64url; a JSON header always starts `{"`, i.e. `eyJ`. */
const JWT = /eyJ[\w-]*\.[\w-]+\.[\w-]*/g

/** Shorter values would match ordinary words in a report and cannot be told apart from them. */
const MIN_LENGTH = 6

const REDACTED = '[redacted]'

/**
 * Removes secrets from what the doctest runner prints: the values of the secret-named variables
 * it was given (`CLIENT_SECRET`, passwords), every token or secret it sees in a doc's values
 * (`learn`), and anything shaped like a JWT, which covers every access token a tenant issues.
 * Each secret is also caught in the forms a report shows it: URL-encoded, JSON- or
 * inspect-escaped.
 *
 * @example
 * const scrubber = new SecretScrubber({ CLIENT_SECRET: 'abcdefgh' })
 * scrubber.scrub("secret 'abcdefgh', token eyJhbGciOi.eyJzdWIi.c2ln") //=> "secret '[redacted]', token [redacted]"
 */
export class SecretScrubber {
  readonly #secrets = new Set<string>()

  constructor(env: Record<string, string | undefined> = {}) {
    for (const [name, value] of Object.entries(env)) {
      if (SECRET_NAME.test(name) && value) this.add(value)
    }
  }

  /** Scrubs `secret` (and its escaped forms) from now on. */
  add(secret: string): void {
    if (secret.length < MIN_LENGTH) return
    for (const form of [
      secret,
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
      inspect(secret).slice(1, -1),
    ]) {
      this.#secrets.add(form)
    }
  }

  /**
   * Looks through a value a doc produced (a result, a thrown error, a scope binding) for tokens
   * and secrets under well-known names, such as a `Token`'s `access_token`, and adds them.
   */
  learn(value: unknown, depth = 0): void {
    if (depth > 3 || value === null || typeof value !== 'object') return
    for (const key of SECRET_KEYS) {
      const found = safeRead(value, key)
      if (typeof found === 'string') this.add(found)
    }
    let entries: [string, unknown][]
    try {
      entries = Object.entries(value).slice(0, 100)
    } catch {
      return // a Proxy or a throwing getter: nothing more to learn from it
    }
    for (const [, child] of entries) this.learn(child, depth + 1)
  }

  /** `text` with every known secret and every JWT replaced by `[redacted]`. */
  scrub(text: string): string {
    let out = text.replace(JWT, REDACTED)
    // Longest first, so a secret containing another is replaced whole.
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(REDACTED)
    }
    return out
  }
}

function safeRead(value: object, key: string): unknown {
  try {
    return key in value ? (value as Record<string, unknown>)[key] : undefined
  } catch {
    return undefined
  }
}
