import { ApiError } from './api-error.js'
import { randomAlphanumeric } from './connections.js'

/** A new role id in Auth0's shape: `rol_` + 16 alphanumerics. */
export const newRoleId = (): string => `rol_${randomAlphanumeric(16)}`

/** A new client grant id in Auth0's shape: `cgr_` + 16 alphanumerics. */
export const newGrantId = (): string => `cgr_${randomAlphanumeric(16)}`

/**
 * Refuses path ids no tenant could hold: empty, `.` and `..` (after percent-decoding, so
 * `%2E%2E` is caught too). Auth0 answers id-format errors with `invalid_uri` (**[?]** text).
 */
export function pathId(id: string | undefined, description: string): string {
  if (id === undefined || id === '' || id === '.' || id === '..') {
    throw new ApiError(
      400,
      `Path validation error: 'Invalid id' on property id (${description}).`,
      'invalid_uri',
    )
  }
  return id
}

/** A permission reference as Auth0 sends it in bodies: `{resource_server_identifier, permission_name}`. */
export interface PermissionRef {
  resource_server_identifier: string
  permission_name: string
}

/** One map key per permission; `\n` cannot occur in an identifier that passed validation. */
export const permissionKey = (p: PermissionRef): string =>
  `${p.resource_server_identifier}\n${p.permission_name}`

/** Sort order of permission lists: API identifier, then permission name (**[I]**). */
export function comparePermissions(a: PermissionRef, b: PermissionRef): number {
  return (
    compare(a.resource_server_identifier, b.resource_server_identifier) ||
    compare(a.permission_name, b.permission_name)
  )
}

/** Code-unit order, independent of the machine's locale. */
export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
