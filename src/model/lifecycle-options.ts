import { InvalidArgument } from '../errors.js'

/** A linked or linkable identity, by provider and the provider's id for the person. */
export interface IdentityRef {
  /** `auth0`, `google-oauth2`, `github`, … (the part of a user_id before `|`). */
  provider: string
  /** The provider's id (the part of a user_id after `|`). */
  userId: string
  /** Picks one of several database connections (`con_…`), when the provider is `auth0`. */
  connectionId?: string
}

/** Options every ticket takes. */
export interface TicketOptions {
  /** Where Auth0's page sends the person afterwards: an absolute http(s) URL. */
  resultUrl?: string
  /** Seconds the link stays valid; Auth0's default is 432 000 (5 days). */
  ttlSec?: number
  /** The application whose login the person returns to (instead of `resultUrl`). */
  clientId?: string
  organizationId?: string
  /** Adds the e-mail address to the redirect's query string. */
  includeEmailInRedirect?: boolean
}

export interface PasswordChangeTicketOptions extends TicketOptions {
  /** Also marks the e-mail verified when the password is set (the link proved the inbox). */
  markEmailAsVerified?: boolean
}

export interface EmailVerificationTicketOptions extends TicketOptions {
  /** Verify this secondary (or social, enterprise, passwordless) identity instead. */
  identity?: IdentityRef
}

type Check = (value: unknown, name: string) => unknown

/** Each camelCase option: its wire name and how it is checked (and converted). */
const OPTIONS: ReadonlyMap<string, readonly [string, Check]> = new Map<string, [string, Check]>([
  ['resultUrl', ['result_url', absoluteUrl]],
  ['ttlSec', ['ttl_sec', ttlSec]],
  ['clientId', ['client_id', nonEmpty]],
  ['organizationId', ['organization_id', nonEmpty]],
  // Auth0 spells this one in camelCase on the wire too.
  ['includeEmailInRedirect', ['includeEmailInRedirect', boolean]],
  ['markEmailAsVerified', ['mark_email_as_verified', boolean]],
  ['identity', ['identity', identityBody]],
])

const TICKET = ['resultUrl', 'ttlSec', 'clientId', 'organizationId', 'includeEmailInRedirect']
/** What each call accepts. */
export const ACCEPTS = {
  passwordChangeTicket: [...TICKET, 'markEmailAsVerified'],
  emailVerificationTicket: [...TICKET, 'identity'],
  sendVerificationEmail: ['clientId', 'organizationId', 'identity'],
} as const

/**
 * `options` in Auth0's wire names, after checking every one: an unknown name, a wrong type, a
 * `resultUrl` that is not an absolute http(s) URL or a `ttlSec` that is not a positive whole
 * number of seconds throws `InvalidArgument` before any request.
 *
 * @example
 * wireOptions({ resultUrl: 'https://app.example/done', ttlSec: 3600 }, 'passwordChangeTicket')
 * //=> { result_url: 'https://app.example/done', ttl_sec: 3600 }
 */
export function wireOptions(options: unknown, call: keyof typeof ACCEPTS): Record<string, unknown> {
  if (options === undefined) return {}
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgument(`${call}() takes an object of options.`)
  }
  const accepted: readonly string[] = ACCEPTS[call]
  const body: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(options)) {
    const option = accepted.includes(name) ? OPTIONS.get(name) : undefined
    if (!option) {
      throw new InvalidArgument(
        `${call}() has no option '${name}'; it takes ${accepted.join(', ')}.`,
      )
    }
    if (value !== undefined) body[option[0]] = option[1](value, name)
  }
  // Auth0 refuses these pairs: result_url is for the classic flow, the others for the new one
  // (a password-change ticket takes both only with a custom reset page and an Action).
  if (body.result_url !== undefined && body.organization_id !== undefined) {
    throw new InvalidArgument(`${call}(): resultUrl cannot be combined with organizationId.`)
  }
  if (body.result_url !== undefined && body.client_id !== undefined) {
    throw new InvalidArgument(`${call}(): pass resultUrl or clientId, not both.`)
  }
  return body
}

/** `{ provider, userId, connectionId? }` → `{ provider, user_id, connection_id? }`. */
export function identityBody(value: unknown, name = 'identity'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgument(`${name} must be { provider, userId, connectionId? }.`)
  }
  const known = new Set(['provider', 'userId', 'connectionId'])
  const unknown = Object.keys(value).find((key) => !known.has(key))
  if (unknown !== undefined) {
    throw new InvalidArgument(
      `${name} has no field '${unknown}'; it takes provider, userId, connectionId.`,
    )
  }
  const { provider, userId, connectionId } = value as Record<string, unknown>
  const body: Record<string, unknown> = {
    provider: nonEmpty(provider, `${name}.provider`),
    user_id: nonEmpty(userId, `${name}.userId`),
  }
  if (connectionId !== undefined) {
    const id = nonEmpty(connectionId, `${name}.connectionId`)
    if (!/^con_[A-Za-z0-9]{16}$/.test(id)) {
      throw new InvalidArgument(
        `${name}.connectionId is a connection id (con_ and 16 letters or digits).`,
      )
    }
    body.connection_id = id
  }
  return body
}

function nonEmpty(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgument(`${name} must be a non-empty string.`)
  }
  return value
}

function boolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidArgument(`${name} must be true or false.`)
  return value
}

function absoluteUrl(value: unknown, name: string): string {
  let url: URL | undefined
  try {
    url = typeof value === 'string' ? new URL(value) : undefined
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new InvalidArgument(
      `${name} must be an absolute http(s) URL, such as https://app.example/done.`,
    )
  }
  return value as string
}

/** The longest ticket accepted: Auth0 publishes no maximum; a month is the emulator's too. */
export const MAX_TICKET_TTL_SEC = 2_592_000

/**
 * A whole number of seconds from 1 to 30 days. Auth0 reads 0 (and no value) as its 5-day
 * default, the opposite of what `ttlSec: 0` says, so 0 is refused: leave the option out instead.
 */
function ttlSec(value: unknown, name: string): number {
  if (
    typeof value !== 'number' ||
    !Number.isSafeInteger(value) ||
    value < 1 ||
    value > MAX_TICKET_TTL_SEC
  ) {
    throw new InvalidArgument(
      `${name} must be a whole number of seconds from 1 to ${MAX_TICKET_TTL_SEC} (30 days); ` +
        "leave it out for Auth0's 5-day default.",
    )
  }
  return value
}
