import { Auth0, MemoryTokenStore, type Auth0Options, type StoredToken } from '../../../src/index.js'
import type { RunningEmulator } from '../../../src/emulator/index.js'

/** A strong password the emulator's default policy accepts; searched for in every output. */
export const PASSWORD = 'Highway-to-Hell-1979'

/**
 * `count` seed users (emulator `users` option) with e-mails `${prefix}-${i}@${domain}` and
 * distinct `created_at`s one second apart, so created_at partitioning can always split them.
 */
export function seedUsers(
  count: number,
  prefix: string,
  domain: string,
  start = Date.parse('2024-01-01T00:00:00.000Z'),
  extra: (i: number) => Record<string, unknown> = () => ({}),
): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(start + i * 1000).toISOString()
    return { email: `${prefix}-${i}@${domain}`, created_at: at, updated_at: at, ...extra(i) }
  })
}

/** Debug lines, and every request attempt and answer per `METHOD path`, from the library's logger. */
export class RecordingLogger {
  readonly lines: string[] = []
  /** `PATCH /users/auth0%7C…` → 2xx answers. */
  readonly succeeded = new Map<string, number>()
  attempts = 0

  debug = (message: string, fields?: Record<string, unknown>): void => {
    this.lines.push(`${message} ${JSON.stringify(fields ?? {})}`)
    if (message.startsWith('auth0plus http request ')) this.attempts++
    const status = fields?.status
    if (typeof status === 'number' && status >= 200 && status < 300) {
      const key = `${String(fields?.method)} ${String(fields?.path)}`
      this.succeeded.set(key, (this.succeeded.get(key) ?? 0) + 1)
    }
  }
}

/** A memory store that remembers every access token it was given, to search outputs for them. */
export class RecordingTokenStore extends MemoryTokenStore {
  readonly issued: string[] = []

  override async set(key: string, token: StoredToken): Promise<void> {
    this.issued.push(token.access_token)
    await super.set(key, token)
  }
}

/** A client of `tenant` (or of a tap in front of it, at `domain`). */
export function connect(
  tenant: RunningEmulator,
  options: Auth0Options = {},
  domain = tenant.domain,
): Auth0 {
  return new Auth0(domain, {
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    defaultConnection: tenant.connection,
    ...options,
  })
}
