/**
 * The account-lifecycle scopes (tickets, logs, MFA, sessions, refresh tokens, identities) the
 * default client is granted besides the users scopes, so every lifecycle endpoint works with
 * `tenant.clientId` out of the box.
 */
export const LIFECYCLE_SCOPES = [
  'create:user_tickets',
  'read:logs',
  'read:logs_users',
  'read:authentication_methods',
  'delete:authentication_methods',
  'delete:sessions',
  'delete:refresh_tokens',
  'update:current_user_identities',
] as const
