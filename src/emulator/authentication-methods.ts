import { randomAlphanumeric } from './connections.js'
import { isoTimestamp } from './user-defaults.js'

/** The `type`s Auth0 lists on reads. */
export const AUTHENTICATION_METHOD_TYPES = [
  'recovery-code',
  'totp',
  'push',
  'phone',
  'email',
  'email-verification',
  'webauthn-roaming',
  'webauthn-platform',
  'guardian',
  'passkey',
  'password',
] as const

/**
 * A seeded MFA enrolment (the emulator has no enrolment flow): seed users carry them in
 * `authentication_methods`, e.g. `{ type: 'email', email: 'ann@x.test', name: 'Work' }`.
 */
export interface AuthenticationMethodSeed {
  type: (typeof AUTHENTICATION_METHOD_TYPES)[number]
  name?: string
  email?: string
  phone_number?: string
  confirmed?: boolean
  created_at?: string
}

interface StoredMethod {
  id: string
  type: string
  confirmed: boolean
  name: string | undefined
  email: string | undefined
  phone_number: string | undefined
  created_at: string
}

/** Methods kept per user at most (Auth0: "You reached the limit of entities of this type"). */
export const MAX_METHODS_PER_USER = 20

/** `chuck249@example.com` → `chuc****@exam*******`, as Auth0 masks e-mails on reads [I for short parts]. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  // A part of four characters or fewer is masked whole (recorded: `****@exam*******`).
  const keep = (part: string) =>
    part.length <= 4 ? '*'.repeat(part.length) : part.slice(0, 4) + '*'.repeat(part.length - 4)
  return at < 0 ? keep(email) : `${keep(email.slice(0, at))}@${keep(email.slice(at + 1))}`
}

/** `+14155555044` → `XXXXXXXX5044`: every character but the last four. */
export function maskPhone(phone: string): string {
  return 'X'.repeat(Math.max(0, phone.length - 4)) + phone.slice(-4)
}

/**
 * Users' MFA authentication methods, by user id, kept beside the profiles (never in them).
 * Ids are Auth0's shape: `<type>|dev_` + 16 alphanumerics. In memory only.
 */
export class AuthenticationMethods {
  readonly #byUser = new Map<string, StoredMethod[]>()

  seed(userId: string, seeds: readonly AuthenticationMethodSeed[], nowMs: number): void {
    if (seeds.length > MAX_METHODS_PER_USER) {
      throw new Error(`At most ${MAX_METHODS_PER_USER} authentication methods per seed user`)
    }
    const methods = seeds.map((seed) => {
      if (!AUTHENTICATION_METHOD_TYPES.includes(seed.type)) {
        throw new Error(`Unknown authentication method type: ${String(seed.type)}`)
      }
      return {
        id: `${seed.type}|dev_${randomAlphanumeric(16)}`,
        type: seed.type,
        confirmed: seed.confirmed ?? true,
        name: seed.name,
        email: seed.email,
        phone_number: seed.phone_number,
        created_at: seed.created_at ?? isoTimestamp(nowMs),
      }
    })
    this.#byUser.set(userId, methods)
  }

  /** The user's methods as Auth0 reads them (masked), oldest first. */
  list(userId: string): Record<string, unknown>[] {
    return (this.#byUser.get(userId) ?? []).map(
      (method) =>
        JSON.parse(
          JSON.stringify({
            id: method.id,
            type: method.type,
            confirmed: method.confirmed,
            name: method.name,
            email: method.email === undefined ? undefined : maskEmail(method.email),
            phone_number:
              method.phone_number === undefined ? undefined : maskPhone(method.phone_number),
            created_at: method.created_at,
          }),
        ) as Record<string, unknown>,
    )
  }

  /** Removes one method; false when the user has none with that id. */
  delete(userId: string, methodId: string): boolean {
    const methods = this.#byUser.get(userId) ?? []
    const rest = methods.filter((method) => method.id !== methodId)
    if (rest.length === methods.length) return false
    this.#byUser.set(userId, rest)
    return true
  }

  deleteAll(userId: string): void {
    this.#byUser.delete(userId)
  }
}
