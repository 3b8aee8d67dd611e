import { randomBytes } from 'node:crypto'
import { PASSWORD_POLICIES, type PasswordPolicy } from './password-policy.js'

/** A database connection as configured in `startEmulator({ connections })`. */
export interface ConnectionOptions {
  name: string
  /** Auth0's `requires_username`: POST /users then needs `username`. Default false. */
  requiresUsername?: boolean
  /** Overrides the tenant-wide `passwordPolicy` for this connection. */
  passwordPolicy?: PasswordPolicy
}

/** A database connection of the emulated tenant. */
export interface Connection {
  name: string
  /** `con_` + 16 alphanumerics, as Auth0 ids look; used by export jobs' `connection_id`. */
  id: string
  requiresUsername: boolean
  passwordPolicy: PasswordPolicy
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** `length` random alphanumerics, the alphabet of Auth0's `con_…` and `job_…` ids. */
export function randomAlphanumeric(length: number): string {
  return Array.from(randomBytes(length), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join(
    '',
  )
}

/** The tenant's connections, by name and by id. The first one is the default. */
export class ConnectionRegistry {
  readonly #byName = new Map<string, Connection>()

  constructor(
    options: readonly (string | ConnectionOptions)[],
    defaultPolicy: PasswordPolicy,
    knownIds: Record<string, string> = {},
  ) {
    for (const entry of options) {
      const config = typeof entry === 'string' ? { name: entry } : entry
      // Connections may come from a hand-edited data file: refuse what would break a login later.
      const policy = config.passwordPolicy ?? defaultPolicy
      if (typeof config.name !== 'string' || !PASSWORD_POLICIES.includes(policy)) {
        throw new Error(`Invalid connection ${JSON.stringify(config)}`)
      }
      this.#byName.set(config.name, {
        name: config.name,
        id: Object.hasOwn(knownIds, config.name)
          ? knownIds[config.name]!
          : `con_${randomAlphanumeric(16)}`,
        requiresUsername: config.requiresUsername ?? false,
        passwordPolicy: config.passwordPolicy ?? defaultPolicy,
      })
    }
  }

  get default(): Connection {
    return this.#byName.values().next().value as Connection
  }

  byName(name: string): Connection | undefined {
    return this.#byName.get(name)
  }

  byId(id: string): Connection | undefined {
    return [...this.#byName.values()].find((connection) => connection.id === id)
  }

  /** Every connection, the default first. */
  all(): Connection[] {
    return [...this.#byName.values()]
  }

  /** name → id, for the data file, so ids survive restarts. */
  ids(): Record<string, string> {
    return Object.fromEntries([...this.#byName.values()].map((c) => [c.name, c.id]))
  }
}
