/**
 * The development tenant's fixed parts, shared by `dev.ts` (which starts it) and `dev-token.ts`
 * (which logs in to it). Demo values for a throwaway local emulator, never a real tenant.
 */

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
