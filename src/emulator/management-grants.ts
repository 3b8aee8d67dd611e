import { createHash } from 'node:crypto'
import type { Client } from './clients.js'
import type { ClientGrantRecord } from './client-grants-store.js'

/**
 * The client grants to the Management API, as `/client-grants` lists them: one per
 * machine-to-machine client that has one (`grant`, default true), with its `scopes`. Their ids
 * are derived from the client id, so they stay the same across restarts.
 */
export function managementGrants(
  clients: ReadonlyMap<string, Client>,
  audience: string,
): ClientGrantRecord[] {
  return [...clients.values()]
    .filter((client) => client.appType === 'non_interactive' && client.grant)
    .map((client) => ({
      id: `cgr_${createHash('sha256').update(client.clientId).digest('base64url').replace(/[-_]/g, '').slice(0, 16)}`,
      client_id: client.clientId,
      audience,
      scope: [...client.scopes],
    }))
}
