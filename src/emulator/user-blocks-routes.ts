import { ApiError, userNotFound } from './api-error.js'
import { requireScope } from './auth.js'
import { logUserEvent } from './log-user-event.js'
import type { Route } from './router.js'
import type { ApiContext, Tenant } from './tenant.js'
import { connectionOf, type UserRecord } from './user-defaults.js'

/** The identifiers a user can be blocked under: e-mail, username, phone number. */
function identifiersOf(user: UserRecord): string[] {
  return [user.email, user.username, user.phone_number].filter(
    (value): value is string => typeof value === 'string',
  )
}

/** The user an identifier names (by e-mail, then username), for the block's `connection`. */
function userOf(tenant: Tenant, identifier: string): UserRecord | undefined {
  const lower = identifier.toLowerCase()
  return (
    tenant.store.findByEmail(lower)[0] ??
    tenant.store.all().find((user) => user.username === lower || user.phone_number === identifier)
  )
}

function blockedFor(tenant: Tenant, identifiers: string[], user: UserRecord | undefined) {
  const connection = (user && connectionOf(user)) ?? tenant.connections.default.name
  return {
    blocked_for: identifiers.flatMap(
      (identifier) =>
        tenant.bruteForce
          ?.blocksOf(identifier)
          .map((block) => ({ identifier: block.identifier, ip: block.ip, connection })) ?? [],
    ),
  }
}

function lift(tenant: Tenant, identifiers: string[], user: UserRecord | undefined): void {
  for (const identifier of identifiers) {
    if ((tenant.bruteForce?.blocksOf(identifier).length ?? 0) === 0) continue
    tenant.bruteForce?.unblock(identifier)
    logUserEvent(tenant, 'ublkdu', user, { description: `Unblocked ${identifier}` })
  }
}

function identifierParam(query: URLSearchParams): string {
  const identifier = query.get('identifier')
  if (identifier === null || identifier === '') {
    throw new ApiError(
      400,
      "Query validation error: 'Missing required property: identifier'.",
      'invalid_query_string',
    )
  }
  return identifier
}

const BY_ID = /^\/api\/v2\/user-blocks\/(?<id>[^/]+)\/?$/
const BY_IDENTIFIER = /^\/api\/v2\/user-blocks\/?$/

/**
 * Brute-force blocks (the {@link BruteForceGuard} of the login page and the password grants):
 * read and lift them by user id or by identifier. Admin blocks (`blocked: true`) are untouched.
 */
export const userBlocksRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'GET',
    pattern: BY_ID,
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['read:users'])
      const user = tenant.store.get(id!)
      if (user === undefined) throw userNotFound()
      return { status: 200, body: blockedFor(tenant, identifiersOf(user), user) }
    },
  },
  {
    method: 'DELETE',
    pattern: BY_ID,
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['update:users'])
      const user = tenant.store.get(id!)
      if (user === undefined) throw userNotFound()
      lift(tenant, identifiersOf(user), user)
      return { status: 204 }
    },
  },
  {
    method: 'GET',
    pattern: BY_IDENTIFIER,
    handler: async ({ tenant, principal, query }) => {
      requireScope(principal, ['read:users'])
      const identifier = identifierParam(query)
      return { status: 200, body: blockedFor(tenant, [identifier], userOf(tenant, identifier)) }
    },
  },
  {
    method: 'DELETE',
    pattern: BY_IDENTIFIER,
    handler: async ({ tenant, principal, query }) => {
      requireScope(principal, ['update:users'])
      const identifier = identifierParam(query)
      lift(tenant, [identifier], userOf(tenant, identifier))
      return { status: 204 }
    },
  },
]
