import type { Metadata, UserFields } from 'auth0plus'
import { HttpError } from './http-error.js'

/** A PATCH body: the fields to change; `null` clears a clearable one. */
export type UserPatch = { [K in keyof UserFields]?: UserFields[K] | null }

type Kind = 'email' | 'password' | 'text' | 'username' | 'phone' | 'url' | 'boolean' | 'metadata'

interface Rule {
  kind: Kind
  /** PATCH may send `null` to remove it. */
  clearable?: boolean
}

/**
 * The fields a caller may set: an allowlist, on create and on update. Everything else is a 400
 * naming the field, so a typo is not silently ignored and nothing that grants or proves
 * something can be written from outside:
 * - `app_metadata` holds roles and plans (the tenant's login rule reads `app_metadata.roles`),
 * - `email_verified`, `phone_verified` claim a verification that never happened,
 * - `blocked` locks a person out (or lets a blocked one back in),
 * - `user_id`, `connection`, `created_at`, `identities`... are Auth0's or the service's own.
 * Those stay with administrators (the Auth0 dashboard, the CLI). `password` is set once, at
 * creation; changing it is the owner's business (see {@link PASSWORD_CHANGE}).
 */
const RULES: Readonly<Record<string, Rule>> = {
  email: { kind: 'email' },
  password: { kind: 'password' },
  username: { kind: 'username' },
  phone_number: { kind: 'phone', clearable: true },
  given_name: { kind: 'text', clearable: true },
  family_name: { kind: 'text', clearable: true },
  name: { kind: 'text', clearable: true },
  nickname: { kind: 'text', clearable: true },
  picture: { kind: 'url', clearable: true },
  verify_email: { kind: 'boolean' },
  user_metadata: { kind: 'metadata', clearable: true },
}

/** Why PATCH refuses a password: an operator setting it would know it, and bypass its owner. */
export const PASSWORD_CHANGE =
  "'password' cannot be changed here: a password is changed by its owner through a password " +
  'reset: POST /users/:id/password-reset gives the ticket link to send them'

const REQUIRED_ON_CREATE = ['email', 'password'] as const
/** Metadata nests at most this deep; deeper is refused rather than walked. */
const MAX_METADATA_DEPTH = 10

/** The POST /users body, checked: e-mail and password required, every field well-typed. */
export function parseCreateBody(body: unknown): UserFields {
  const fields = objectBody(body)
  const problems = REQUIRED_ON_CREATE.filter((name) => !Object.hasOwn(fields, name)).map(
    (name) => `'${name}' is required`,
  )
  problems.push(...fieldProblems(fields, false))
  if (problems.length > 0) throw HttpError.invalid(problems)
  return fields as UserFields
}

/** The PATCH /users/:id body, checked: at least one field, each well-typed or a clearing `null`. */
export function parsePatchBody(body: unknown): UserPatch {
  const fields = objectBody(body)
  if (Object.keys(fields).length === 0) {
    throw new HttpError(400, 'Send at least one field to change.')
  }
  const problems = fieldProblems(fields, true)
  if (problems.length > 0) throw HttpError.invalid(problems)
  return fields as UserPatch
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) {
    throw new HttpError(400, 'The body must be a JSON object of user fields.')
  }
  return body
}

function fieldProblems(fields: Record<string, unknown>, patch: boolean): string[] {
  const problems: string[] = []
  for (const [name, value] of Object.entries(fields)) {
    const rule = Object.hasOwn(RULES, name) ? RULES[name] : undefined
    if (patch && name === 'password') {
      problems.push(PASSWORD_CHANGE)
    } else if (!rule) {
      problems.push(`'${name}' is not a field you can set (allowed: ${allowed(patch).join(', ')})`)
    } else if (value === null) {
      if (!patch || !rule.clearable) problems.push(`'${name}' cannot be null`)
    } else {
      // The message names the field and what it must be, never the value: it may be a password.
      const wanted = check(rule.kind, value)
      if (wanted !== undefined) problems.push(`'${name}' must be ${wanted}`)
    }
  }
  return problems
}

function allowed(patch: boolean): string[] {
  return Object.keys(RULES).filter((name) => !(patch && name === 'password'))
}

/** What `value` should have been, or undefined when it is fine. */
function check(kind: Kind, value: unknown): string | undefined {
  switch (kind) {
    case 'email':
      return isString(value, 254) && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)
        ? undefined
        : 'an e-mail address'
    case 'password':
      return isString(value, 128) ? undefined : 'a string of 1 to 128 characters'
    case 'username':
      return isString(value, 128) && !/\s/.test(value)
        ? undefined
        : 'a string of 1 to 128 characters without spaces'
    case 'text':
      return isString(value, 300) ? undefined : 'a string of 1 to 300 characters'
    case 'phone':
      return typeof value === 'string' && /^\+[1-9]\d{1,14}$/.test(value)
        ? undefined
        : 'an E.164 phone number such as +14155550123'
    case 'url':
      return isString(value, 2048) && isHttpUrl(value) ? undefined : 'an http(s) URL'
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false'
    case 'metadata':
      return isPlainObject(value) && safeKeys(value, 1)
        ? undefined
        : `a JSON object, at most ${MAX_METADATA_DEPTH} levels deep, without '__proto__' keys`
  }
}

/** JSON.parse makes `__proto__` an own key; copied or merged, it would swap a prototype. */
function safeKeys(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return true
  if (depth > MAX_METADATA_DEPTH) return false
  const children = Array.isArray(value) ? value : Object.values(value)
  if (!Array.isArray(value) && Object.hasOwn(value, '__proto__')) return false
  return children.every((child) => safeKeys(child, depth + 1))
}

function isString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

export function isPlainObject(value: unknown): value is Metadata {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
