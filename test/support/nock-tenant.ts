import nock from 'nock'
import { Auth0 } from '../../src/auth0.js'

/** The fake tenant unit tests talk to through nock; nothing here reaches a network. */
export const DOMAIN = 'tenant.example.com'
export const ORIGIN = `https://${DOMAIN}`
export const TOKEN = 'eyJ.unit-test-access-token.sig'
export const CONNECTION = 'Username-Password-Authentication'

/** nock scope for the Management API; every test must consume it (`scope.done()`). */
export function api(): nock.Scope {
  return nock(`${ORIGIN}/api/v2`, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
}

/** A client with a static token and no retries, so each expected request happens once. */
export function connect(options: { defaultConnection?: string | undefined } = {}) {
  const defaultConnection = 'defaultConnection' in options ? options.defaultConnection : CONNECTION
  return new Auth0(DOMAIN, TOKEN, { clientId: 'client-1', defaultConnection, maxRetries: 0 })
}

/** `n` users as Auth0 returns them, numbered from `from`. */
export function fakeUsers(n: number, from = 0): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => fakeUser(from + i))
}

export function fakeUser(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const hex = i.toString(16).padStart(24, '0')
  return {
    user_id: `auth0|${hex}`,
    email: `user${i}@example.com`,
    email_verified: false,
    name: `user${i}@example.com`,
    nickname: `user${i}`,
    identities: [{ connection: CONNECTION, user_id: hex, provider: 'auth0', isSocial: false }],
    created_at: '2024-01-01T00:00:00.000Z',
    updated_at: '2024-01-01T00:00:00.000Z',
    ...extra,
  }
}

/** The query Auth0 receives for one page of a search, as nock matches it (all strings); `totals` false: without include_totals. */
export function pageQuery(
  q: string | undefined,
  page: number,
  perPage: number,
  extra: Record<string, string> = {},
  totals = true,
): Record<string, string> {
  return {
    ...(q === undefined ? {} : { q }),
    search_engine: 'v3',
    page: String(page),
    per_page: String(perPage),
    ...(totals ? { include_totals: 'true' } : {}),
    ...extra,
  }
}

/** An `include_totals` envelope. */
export function envelope(users: unknown[], total: number, page = 0, perPage = 100) {
  return { start: page * perPage, limit: perPage, length: users.length, total, users }
}
