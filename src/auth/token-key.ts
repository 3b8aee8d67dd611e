import type { TenantAddress } from './tenant-address.js'

/**
 * The cache key of a token: one per tenant origin, client and audience, because a token is only
 * valid for the audience it was issued for.
 *
 * @example
 * tokenKey(resolveTenant('t.eu.auth0.com'), 'abc')
 * //=> '["https://t.eu.auth0.com","abc","https://t.eu.auth0.com/api/v2/"]'
 */
export function tokenKey(address: TenantAddress, clientId: string): string {
  // JSON keeps the three parts unambiguous whatever characters they hold.
  return JSON.stringify([address.origin, clientId, address.audience])
}
