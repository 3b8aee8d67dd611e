import type { IncomingMessage } from 'node:http'
import type { LogInput } from './log-events.js'
import type { Tenant } from './tenant.js'
import { connectionOf, type UserRecord } from './user-defaults.js'

/** Where a request came from, as log events carry it. */
export function requestOrigin(req: IncomingMessage): Pick<LogInput, 'ip' | 'user_agent'> {
  const agent = req.headers['user-agent']
  return {
    ip: req.socket.remoteAddress ?? '',
    // Bounded: a header is up to 64 KiB and the log keeps 10,000 events.
    user_agent: typeof agent === 'string' ? agent.slice(0, 256) : undefined,
  }
}

/**
 * Records an event about `user` with the fields Auth0 fills for a database user (connection,
 * its id, `user_id`, `user_name`, strategy); `extra` adds or overrides.
 */
export function logUserEvent(
  tenant: Tenant,
  type: string,
  user: UserRecord | undefined,
  extra: Omit<LogInput, 'type'> = {},
): void {
  const connection = user === undefined ? undefined : connectionOf(user)
  const name = user?.email ?? user?.username
  tenant.logs.record({
    type,
    connection,
    connection_id: connection === undefined ? undefined : tenant.connections.byName(connection)?.id,
    user_id: typeof user?.user_id === 'string' ? user.user_id : undefined,
    user_name: typeof name === 'string' ? name : undefined,
    strategy: connection === undefined ? undefined : 'auth0',
    strategy_type: connection === undefined ? undefined : 'database',
    ...extra,
  })
}
