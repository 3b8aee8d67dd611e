import { ApiError } from './api-error.js'
import type { PermissionRef } from './rbac-ids.js'
import { validateObject, type ObjectSchema } from './schema-validation.js'

/**
 * Most users one `POST /roles/{id}/users` takes. Auth0 publishes no limit (**[?]**); 1000
 * matches its other RBAC entity limits, and a library batching at this size is safe on a tenant.
 */
export const ROLE_USERS_BATCH = 1000

const ROLE_PROPERTIES = {
  name: { type: 'string', minLength: 1, description: 'Name of the role.' },
  description: { type: 'string', description: 'Description of the role.' },
} as const

const createRoleSchema: ObjectSchema = {
  properties: ROLE_PROPERTIES,
  required: ['name'],
  additionalProperties: false,
}
const updateRoleSchema: ObjectSchema = { properties: ROLE_PROPERTIES, additionalProperties: false }

const permissionSchema: ObjectSchema = {
  properties: {
    resource_server_identifier: {
      type: 'string',
      minLength: 1,
      description: 'Resource server (API) identifier that this permission is for.',
    },
    permission_name: {
      type: 'string',
      minLength: 1,
      description: 'Name of this permission.',
    },
  },
  required: ['resource_server_identifier', 'permission_name'],
  additionalProperties: false,
}

/** `{name, description?}` of POST /roles (`create`) or PATCH /roles/{id}. */
export function roleBody(body: unknown, create: boolean): { name?: string; description?: string } {
  validateObject(body, create ? createRoleSchema : updateRoleSchema, 'Payload')
  const { name, description } = body as { name?: string; description?: string }
  return { ...(name !== undefined && { name }), ...(description !== undefined && { description }) }
}

/** `{permissions: [{resource_server_identifier, permission_name}, …]}`, at least one. */
export function permissionsBody(body: unknown): PermissionRef[] {
  const items = arrayProperty(body, 'permissions', 'List of permissions to add to this role.', {
    minItems: 1,
  })
  for (const item of items) validateObject(item, permissionSchema, 'Payload')
  return items as PermissionRef[]
}

/** `{users: [user_id, …]}` of POST /roles/{id}/users, at most {@link ROLE_USERS_BATCH}. */
export function usersBody(body: unknown): string[] {
  return stringItems(body, 'users', 'array of user IDs to assign to the role', {
    maxItems: ROLE_USERS_BATCH,
  })
}

/** `{roles: [role_id, …]}` of POST/DELETE /users/{id}/roles, at least one. */
export function rolesBody(body: unknown): string[] {
  return stringItems(body, 'roles', 'List of roles IDs to associate with the user.', {
    minItems: 1,
  })
}

interface Bounds {
  minItems?: number
  maxItems?: number
}

function stringItems(body: unknown, name: string, description: string, bounds: Bounds): string[] {
  const items = arrayProperty(body, name, description, bounds)
  for (const item of items) {
    if (typeof item !== 'string')
      fail(`Expected type string but found type ${typeof item}`, name, description)
    if (item === '') fail('String is too short (0 chars), minimum 1', name, description)
  }
  return [...new Set(items as string[])]
}

/** The one required array property of these bodies, with z-schema's messages. */
function arrayProperty(
  body: unknown,
  name: string,
  description: string,
  bounds: Bounds,
): unknown[] {
  validateObject(
    body,
    {
      properties: { [name]: { type: 'array', description } },
      required: [name],
      additionalProperties: false,
    },
    'Payload',
  )
  const items = (body as Record<string, unknown[]>)[name]!
  if (bounds.minItems !== undefined && items.length < bounds.minItems) {
    fail(`Array is too short (${items.length}), minimum ${bounds.minItems}`, name, description)
  }
  if (bounds.maxItems !== undefined && items.length > bounds.maxItems) {
    fail(`Array is too long (${items.length}), maximum ${bounds.maxItems}`, name, description)
  }
  return items
}

function fail(reason: string, property: string, description: string): never {
  throw new ApiError(
    400,
    `Payload validation error: '${reason}' on property ${property} (${description.replace(/\.$/, '')}).`,
    'invalid_body',
  )
}
