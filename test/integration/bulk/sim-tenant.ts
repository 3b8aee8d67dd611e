import { ClientCredentialsProvider } from '../../../src/auth/client-credentials-provider.js'
import { resolveTenant } from '../../../src/auth/tenant-address.js'
import { HttpClient } from '../../../src/http/http-client.js'
import { User } from '../../../src/model/user.js'
import type { UserModel } from '../../../src/model/users-model.js'
import { startEmulator, type EmulatorOptions } from '../../../src/emulator/index.js'
import { startTap } from '../../reliability/support/tap.js'
import { simClock, wireCounter } from '../../support/sim-clock.js'

/**
 * An emulator and a client on one simulated clock ({@link simClock}), talking through a counting
 * tap: the tenant's buckets refill and the client's pacer waits in simulated time only, and a
 * request takes none. What a test asserts (429s on the wire, seconds against the tenant's rate)
 * is then the pacer's decisions against the real emulator, whatever the machine's load.
 *
 * The client is `auth0.users` wired by hand, because `Auth0` takes no clock.
 */
export async function simTenant(options: EmulatorOptions = {}) {
  const wire = wireCounter()
  const clock = simClock(Date.parse('2025-06-01T12:00:00.000Z'), wire.busy)
  const tenant = await startEmulator({ port: 0, ...options, now: clock.now })
  const tap = await startTap(tenant)
  const address = resolveTenant(tap.domain)
  const { clientId, clientSecret } = tenant
  const tokens = new ClientCredentialsProvider({ address, clientId, clientSecret, now: clock.now })
  const http = new HttpClient({
    address,
    tokens,
    now: clock.now,
    sleep: clock.sleep,
    logger: wire.logger,
    timeout: 60_000,
  })
  const scope = { http, connection: tenant.connection, clientId }
  const users = User.bindTo(scope) as unknown as UserModel<object, object>
  const stop = async () => {
    http.close()
    await tap.stop()
    await tenant.stop()
  }
  /** 429 answers that went through the tap. */
  const throttled = () => tap.counts.statuses.get(429) ?? 0
  return { tenant, users, clock, tap, throttled, stop }
}
