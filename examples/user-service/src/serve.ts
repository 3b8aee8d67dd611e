import type { AddressInfo } from 'node:net'
import { Auth0 } from 'auth0plus'
import type { ServiceConfig } from './config.js'
import { createUserService } from './server.js'

/**
 * Connects to the tenant, listens, and stops cleanly on SIGINT/SIGTERM (then runs `onStop`,
 * e.g. stopping an emulator). Shared by `main.ts` and `dev.ts`.
 */
export async function serve(
  config: ServiceConfig,
  onStop?: () => Promise<void>,
): Promise<{ url: string }> {
  const auth0 = new Auth0(config.domain, {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    defaultConnection: config.connection,
  })
  const server = createUserService({
    auth0,
    auth: { issuer: config.issuer, audience: config.audience },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, resolve)
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${config.host}:${port}`
  // Domain, connection and audience only: the client secret stays out of every log line.
  console.log(
    `user-service on ${url} (tenant ${auth0.domain}, connection ${config.connection}, audience ${config.audience})`,
  )

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    server.close()
    // Keep-alive sockets would hold close() open until they time out.
    server.closeAllConnections()
    await onStop?.()
    process.exitCode = 0
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
  return { url }
}
