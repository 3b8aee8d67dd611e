import { ApiError } from './api-error.js'
import { requireScope } from './auth.js'
import {
  grantNotFound,
  type ClientGrantFields,
  type ClientGrantRecord,
} from './client-grants-store.js'
import { pathId } from './rbac-ids.js'
import { checkpointPage, offsetPage, wantsCheckpoint } from './rbac-paging.js'
import { NO_CONTENT } from './roles-routes.js'
import type { Route } from './router.js'
import { validateObject, type ObjectSchema, type PropertyRule } from './schema-validation.js'
import type { ApiContext } from './tenant.js'

const GRANTS = /^\/api\/v2\/client-grants\/?$/
const GRANT = /^\/api\/v2\/client-grants\/(?<id>[^/]+)\/?$/

const MUTABLE: Record<string, PropertyRule> = {
  scope: { type: 'array', nullable: true, description: 'Scopes allowed for this client grant.' },
  organization_usage: {
    type: 'string',
    enum: ['deny', 'allow', 'require'],
    nullable: true,
    description:
      'Defines whether organizations can be used with client credentials exchanges for this grant.',
  },
  allow_any_organization: {
    type: 'boolean',
    nullable: true,
    description: 'If enabled, any organization can be used with this grant.',
  },
  authorization_details_types: {
    type: 'array',
    nullable: true,
    description: 'Types of authorization_details allowed for this client grant.',
  },
  allow_all_scopes: {
    type: 'boolean',
    nullable: true,
    description:
      'If enabled, all scopes configured on the resource server are allowed for this grant.',
  },
}

const createSchema: ObjectSchema = {
  properties: {
    ...MUTABLE,
    client_id: { type: 'string', description: 'ID of the client.' },
    audience: {
      type: 'string',
      minLength: 1,
      description: 'The audience (API identifier) of this client grant',
    },
    subject_type: {
      type: 'string',
      enum: ['client', 'user'],
      description: 'Defines the type of subject for this grant.',
    },
    default_for: {
      type: 'string',
      enum: ['third_party_clients'],
      description:
        'Applies this client grant as the default for all clients in the specified group.',
    },
  },
  required: ['audience'],
  additionalProperties: false,
}
const updateSchema: ObjectSchema = { properties: MUTABLE, additionalProperties: false }

/** `scope` and `authorization_details_types` hold strings of 1–280 / 1–255 characters. */
function checkStrings(input: Record<string, unknown>): void {
  for (const [key, max] of [
    ['scope', 280],
    ['authorization_details_types', 255],
  ] as const) {
    const items = input[key]
    if (!Array.isArray(items)) continue
    for (const item of items) {
      if (typeof item !== 'string' || item.length < 1 || item.length > max) {
        throw new ApiError(
          400,
          `Payload validation error: 'Expected strings of 1 to ${max} characters' on property ${key} (${MUTABLE[key]!.description.replace(/\.$/, '')}).`,
          'invalid_body',
        )
      }
    }
  }
}

/** `/client-grants` (spec §2.4). Grants to the Management API mirror the `clients` option. */
export const clientGrantsRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'GET',
    pattern: GRANTS,
    handler: async ({ tenant, principal, query }) => {
      requireScope(principal, ['read:client_grants'])
      const filters = ['audience', 'client_id', 'subject_type', 'allow_any_organization'] as const
      const grants = tenant.rbac.clientGrants.all().filter((grant) =>
        filters.every((name) => {
          const wanted = query.get(name)
          return (
            wanted === null ||
            String(grant[name] ?? (name === 'subject_type' ? 'client' : false)) === wanted
          )
        }),
      )
      const store = tenant.rbac.clientGrants
      const body = wantsCheckpoint(query)
        ? checkpointPage(grants, query, 'client_grants', (g: ClientGrantRecord) =>
            store.positionOf(g),
          )
        : offsetPage(grants, query, 'client_grants', 'totals-first')
      return { status: 200, body }
    },
  },
  {
    method: 'POST',
    pattern: GRANTS,
    handler: async ({ tenant, principal, body }) => {
      requireScope(principal, ['create:client_grants'])
      const input = (await body()) as Record<string, unknown>
      validateObject(input, createSchema, 'Payload')
      checkStrings(input)
      const clientId = input.client_id as string | undefined
      if (clientId === undefined || !tenant.clients.has(clientId)) {
        throw new ApiError(404, 'Client not found', 'inexistent_client')
      }
      const audience = input.audience as string
      const api = tenant.rbac.resourceServerByIdentifier(audience)
      if (api === undefined) {
        throw new ApiError(
          404,
          `No resource with identifier ${audience}`,
          'inexistent_resource_server',
        )
      }
      const subject = (input.subject_type as 'client' | 'user' | undefined) ?? 'client'
      if (tenant.rbac.clientGrant(clientId, audience, subject) === undefined && api.is_system) {
        throw new ApiError(
          400,
          'Grants to the Management API follow the emulator clients option and cannot be created.',
          'operation_not_supported',
        )
      }
      const fields = {
        ...input,
        client_id: clientId,
        audience: api.identifier,
        scope: input.scope ?? [],
      }
      const grant = tenant.rbac.clientGrants.create(
        fields as ClientGrantFields,
        (a) => tenant.rbac.resourceServerByIdentifier(a)?.id === api.id,
      )
      return { status: 201, body: grant, persist: true }
    },
  },
  {
    method: 'GET',
    pattern: GRANT,
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['read:client_grants'])
      const grant = tenant.rbac.clientGrants.get(pathId(id, 'ID of the client grant'))
      if (grant === undefined) throw grantNotFound()
      return { status: 200, body: grant }
    },
  },
  {
    method: 'PATCH',
    pattern: GRANT,
    handler: async ({ tenant, principal, body }, { id }) => {
      requireScope(principal, ['update:client_grants'])
      const patch = (await body()) as Record<string, unknown>
      validateObject(patch, updateSchema, 'Payload')
      checkStrings(patch)
      const grant = tenant.rbac.clientGrants.get(pathId(id, 'ID of the client grant'))
      if (grant === undefined) throw grantNotFound()
      return { status: 200, body: tenant.rbac.clientGrants.update(grant, patch), persist: true }
    },
  },
  {
    method: 'DELETE',
    pattern: GRANT,
    handler: async ({ tenant, principal }, { id }) => {
      requireScope(principal, ['delete:client_grants'])
      // Idempotent: an unknown id is a 204 too (recorded).
      tenant.rbac.clientGrants.delete(pathId(id, 'ID of the client grant'))
      return NO_CONTENT
    },
  },
]
