import type { Client } from './clients.js'
import { ownPath } from './own-keys.js'
import type { UserRecord } from './user-defaults.js'

/**
 * A rule run after a person logs in, as an Auth0 Rule or Action would: Management API tokens
 * only for users holding `role` in `app_metadata.roles`, through clients flagged
 * `managementApi: true`. A refusal reaches the client as Auth0 delivers a rule's
 * `UnauthorizedError` (or an Action's `api.access.deny`): a redirect to its callback with
 * `error=access_denied&error_description=<message>`.
 */
export interface LoginRuleOptions {
  /** The role a user needs, e.g. `'cli'`. */
  role: string
  /** The `error_description` for a refused user. Default: see {@link checkLoginRule}. */
  message?: string
  /** The `error_description` for a client not flagged `managementApi`. */
  clientMessage?: string
}

/**
 * The refusal message, or undefined when the rule lets the login through.
 *
 * @example
 * checkLoginRule({ role: 'cli' }, client, { app_metadata: { roles: ['viewer'] } })
 * //=> 'Only users with the "cli" role may get a Management API token.'
 */
export function checkLoginRule(
  rule: LoginRuleOptions | undefined,
  client: Client,
  user: UserRecord,
): string | undefined {
  if (rule === undefined) return undefined
  if (!client.managementApi) {
    return rule.clientMessage ?? 'This application may not get Management API tokens.'
  }
  // Own properties only: an inherited `roles` (a polluted prototype) must never grant the role.
  const held = ownPath(user, 'app_metadata.roles')
  const roles: unknown[] = Array.isArray(held) ? held : []
  if (roles.includes(rule.role)) return undefined
  return rule.message ?? `Only users with the "${rule.role}" role may get a Management API token.`
}
