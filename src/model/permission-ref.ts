import type { PermissionRef } from '../api/roles-api.js'
import { InvalidArgument } from '../errors.js'

export type { PermissionRef } from '../api/roles-api.js'

/**
 * Checks permissions before any request: each is `{ resource_server_identifier,
 * permission_name }`, two non-empty strings (Auth0's wire names, API.md §10), nothing else.
 */
export function permissionRefs(permissions: readonly unknown[]): PermissionRef[] {
  return permissions.map((permission) => {
    const {
      resource_server_identifier: api,
      permission_name: name,
      ...rest
    } = typeof permission === 'object' && permission !== null
      ? (permission as Record<string, unknown>)
      : ({} as Record<string, unknown>)
    const extra = Object.keys(rest).filter(
      (key) => key !== 'description' && key !== 'resource_server_name' && key !== 'sources',
    )
    if (typeof api !== 'string' || api === '' || typeof name !== 'string' || name === '') {
      throw new InvalidArgument(
        'A permission is { resource_server_identifier, permission_name }, two non-empty strings.',
      )
    }
    if (extra.length > 0) {
      throw new InvalidArgument(`'${extra[0]}' is not part of a permission.`)
    }
    return { resource_server_identifier: api, permission_name: name }
  })
}

/** One key per permission, for differences. */
export const permissionKey = (p: PermissionRef): string =>
  JSON.stringify([p.resource_server_identifier, p.permission_name])
