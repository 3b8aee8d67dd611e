import { ApiError, connectionNotFound, userNotFound } from './api-error.js'
import { requireScope } from './auth.js'
import { verifyJwt } from './jwt.js'
import type { Route } from './router.js'
import { validateObject, type ObjectSchema } from './schema-validation.js'
import type { ApiContext, Tenant } from './tenant.js'
import { connectionOf, isoTimestamp, orderUserKeys, type UserRecord } from './user-defaults.js'

type Identity = Record<string, unknown>

const SCOPES = ['update:users', 'update:current_user_identities']

/** The secondary's root attributes that travel with its identity as `profileData`. */
const PROFILE_KEYS = [
  'email',
  'email_verified',
  'name',
  'username',
  'given_name',
  'family_name',
  'nickname',
  'picture',
  'phone_number',
  'phone_verified',
]

const linkSchema: ObjectSchema = {
  additionalProperties: false,
  properties: {
    provider: {
      type: 'string',
      description: 'Identity provider of the secondary user account being linked',
    },
    connection_id: {
      type: 'string',
      description:
        'connection_id of the secondary user account being linked when more than one auth0 database provider exists',
    },
    user_id: { type: 'string', description: 'user_id of the secondary user account being linked' },
    link_with: {
      type: 'string',
      description:
        'JWT for the secondary account being linked. If sending this parameter, provider, user_id, and connection_id must not be sent',
    },
  },
}

const badRequest = (message: string) => new ApiError(400, message, 'invalid_body')

function identitiesOf(user: UserRecord): Identity[] {
  return (Array.isArray(user.identities) ? user.identities : []) as Identity[]
}

function profileData(user: UserRecord): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  for (const key of PROFILE_KEYS) if (user[key] !== undefined) data[key] = user[key]
  return data
}

/** The identities as the link endpoints answer them: each with `profileData` first. */
function answer(user: UserRecord): Identity[] {
  return identitiesOf(user).map((identity, i) =>
    i === 0 ? { profileData: profileData(user), ...identity } : identity,
  )
}

/** The secondary user's id, from `link_with` (an ID token signed by the tenant) or the body. */
function secondaryId(tenant: Tenant, input: Record<string, unknown>, clientId: string): string {
  if (input.link_with !== undefined) {
    if (
      input.provider !== undefined ||
      input.user_id !== undefined ||
      input.connection_id !== undefined
    ) {
      throw badRequest('link_with cannot be sent together with provider, user_id or connection_id')
    }
    const result = verifyJwt(input.link_with as string, tenant.signingKey)
    const claims = 'claims' in result ? result.claims : undefined
    const audiences = [claims?.aud].flat()
    if (
      claims === undefined ||
      claims.iss !== `${tenant.origin()}/` ||
      typeof claims.sub !== 'string' ||
      typeof claims.exp !== 'number' ||
      tenant.now() >= claims.exp * 1000 ||
      !audiences.includes(clientId)
    ) {
      throw badRequest('Invalid link_with token')
    }
    return claims.sub
  }
  if (typeof input.provider !== 'string')
    throw badRequest("Payload validation error: 'Missing required property: provider'.")
  if (typeof input.user_id !== 'string' || input.user_id === '') {
    throw badRequest("Payload validation error: 'Missing required property: user_id'.")
  }
  // The full id (`auth0|…`) is accepted as well as the bare one.
  return input.user_id.startsWith(`${input.provider}|`)
    ? input.user_id
    : `${input.provider}|${input.user_id}`
}

function link(
  tenant: Tenant,
  primaryId: string,
  input: Record<string, unknown>,
  clientId: string,
): Identity[] {
  const primary = tenant.store.get(primaryId)
  if (primary === undefined) throw userNotFound()
  const otherId = secondaryId(tenant, input, clientId)
  if (otherId === primaryId) throw badRequest('Main identity and the new one are the same.')
  const secondary = tenant.store.get(otherId)
  if (secondary === undefined) throw userNotFound()
  if (typeof input.connection_id === 'string') {
    const connection = tenant.connections.byId(input.connection_id)
    if (connection === undefined) throw connectionNotFound()
    if (connection.name !== connectionOf(secondary)) throw userNotFound()
  }
  // Its metadata is discarded; its root attributes live on as the identity's profileData.
  const moved = identitiesOf(secondary).map((identity, i) =>
    i === 0 ? { profileData: profileData(secondary), ...identity } : identity,
  )
  const updated = orderUserKeys({
    ...primary,
    identities: [...identitiesOf(primary), ...moved],
    updated_at: isoTimestamp(tenant.now()),
  })
  tenant.store.delete(otherId)
  tenant.store.replace(updated)
  return answer(updated)
}

function unlink(tenant: Tenant, primaryId: string, provider: string, bareId: string): Identity[] {
  const primary = tenant.store.get(primaryId)
  if (primary === undefined) throw userNotFound()
  const identities = identitiesOf(primary)
  const at = identities.findIndex((i) => i.provider === provider && i.user_id === bareId)
  if (at === 0) throw badRequest('The main identity cannot be unlinked.')
  if (at < 0) throw new ApiError(404, 'The identity does not exist.', 'inexistent_identity')
  const { profileData: data, ...identity } = identities[at]!
  const timestamp = isoTimestamp(tenant.now())
  // A new standalone user, without metadata, from the profile the identity carried.
  tenant.store.insert(
    orderUserKeys({
      ...(data as Record<string, unknown> | undefined),
      user_id: `${provider}|${bareId}`,
      identities: [identity],
      created_at: timestamp,
      updated_at: timestamp,
    }),
  )
  const updated = orderUserKeys({
    ...primary,
    identities: identities.filter((_, i) => i !== at),
    updated_at: timestamp,
  })
  tenant.store.replace(updated)
  return answer(updated)
}

/** Account linking: POST /users/{id}/identities and DELETE …/identities/{provider}/{user_id}. */
export const identitiesRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'POST',
    pattern: /^\/api\/v2\/users\/(?<id>[^/]+)\/identities\/?$/,
    handler: async ({ tenant, principal, body }, { id }) => {
      requireScope(principal, SCOPES)
      const input = await body()
      // `user_id` may be an integer on the wire [OAS UserId].
      if (typeof (input as { user_id?: unknown } | null)?.user_id === 'number') {
        ;(input as { user_id: unknown }).user_id = String((input as { user_id: number }).user_id)
      }
      validateObject(input, linkSchema, 'Payload')
      const identities = link(tenant, id!, input as Record<string, unknown>, principal.clientId)
      return { status: 201, body: identities, persist: true }
    },
  },
  {
    method: 'DELETE',
    pattern:
      /^\/api\/v2\/users\/(?<id>[^/]+)\/identities\/(?<provider>[^/]+)\/(?<userId>[^/]+)\/?$/,
    handler: async ({ tenant, principal }, { id, provider, userId }) => {
      requireScope(principal, SCOPES)
      return { status: 200, body: unlink(tenant, id!, provider!, userId!), persist: true }
    },
  },
]
