/**
 * The development tenant's fixed parts, shared by `dev.ts` (which starts it), `dev-token.ts`
 * (which logs in to it) and the tests. Demo values for a throwaway local emulator, never a
 * real tenant.
 */
import type { RoleSeed } from 'auth0plus/emulator'

/** The front end's application: a native (public) app, PKCE, any loopback callback port. */
export const DEV_APP = {
  clientId: 'userServiceDevFrontEnd000000000',
  appType: 'native',
  callbacks: ['http://127.0.0.1/callback'],
} as const

/** Staff log in from their own connection; the service manages the default one. */
export const DEV_STAFF_CONNECTION = 'staff'

/** The demo operator who may use the service (a demo password, printed by dev.ts). */
export const DEV_OPERATOR = { email: 'operator@staff.example', password: 'Dev-0perator-Passw0rd' }

/** Every permission the service checks (see the route table in users-routes.ts). */
export const SERVICE_SCOPES = ['read:users', 'create:users', 'update:users', 'delete:users']

/** The service's API identifier: SERVICE_AUDIENCE, the `aud` of its callers' tokens. */
export const SERVICE_AUDIENCE = 'https://users.example/api'

/**
 * The service as an API of the tenant (a resource server, as POST /resource-servers takes it):
 * RBAC on, so a person's token carries only what their roles grant, listed in `permissions`.
 */
export const SERVICE_API = {
  identifier: SERVICE_AUDIENCE,
  name: 'User service',
  signing_alg: 'RS256',
  enforce_policies: true,
  token_dialect: 'access_token_authz',
  scopes: SERVICE_SCOPES.map((value) => ({ value })),
} as const

/** The role that holds every permission of the service, given to `members` (e-mails or ids). */
export function serviceAdminRole(members: readonly string[]): RoleSeed {
  return {
    name: 'user-service-admin',
    description: 'Manages the users of the user service',
    permissions: SERVICE_SCOPES.map((permission_name) => ({
      resource_server_identifier: SERVICE_AUDIENCE,
      permission_name,
    })),
    users: members,
  }
}
