import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { isManagementAudience } from './audiences.js'
import { AuthenticationMethods, type AuthenticationMethodSeed } from './authentication-methods.js'
import { AuthorizationCodes } from './authorization-codes.js'
import { BruteForceGuard } from './brute-force.js'
import { newClientCredentials, toClient, type Client } from './clients.js'
import { systemClock } from './clock.js'
import { ConnectionRegistry } from './connections.js'
import { DataFileWriter, loadDataFile, type DataFileState } from './data-file.js'
import { ExportJobs } from './export-jobs.js'
import { FaultInjector } from './faults.js'
import { signingKeyFrom } from './jwt.js'
import { LogStore } from './log-events.js'
import { LoginTransactions } from './login-transactions.js'
import type { EmulatorOptions, RunningEmulator } from './options.js'
import { Outbox } from './outbox.js'
import { PasswordStore } from './passwords.js'
import { RateLimits } from './rate-limit-plans.js'
import { SearchIndex } from './search-index.js'
import { buildSeedUser } from './seed-users.js'
import { createRequestHandler } from './server.js'
import type { Tenant } from './tenant.js'
import { TicketStore } from './tickets.js'
import { generateLoopbackCertificate } from './tls.js'
import { UserStore } from './user-store.js'
import { VerificationEmailJobs } from './verification-email-jobs.js'

const HOST = '127.0.0.1'

/**
 * Starts a local Auth0 tenant on 127.0.0.1: `/oauth/token`, the Management API users endpoints
 * and the users export job, answering as Auth0 does.
 *
 * @example
 * const tenant = await startEmulator({ port: 0 })
 * // POST `${tenant.domain}/oauth/token` with tenant.clientId / tenant.clientSecret and
 * // audience `https://127.0.0.1:${tenant.port}/api/v2/`, then call `${tenant.domain}/api/v2/users`
 * await tenant.stop()
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? systemClock
  const saved = options.dataFile === undefined ? undefined : await loadDataFile(options.dataFile)

  // Explicit options win, then the data file (so a restarted CLI keeps its .env), then random.
  const fresh = newClientCredentials()
  const defaultClient = toClient({
    clientId: options.clientId ?? saved?.clientId ?? fresh.clientId,
    clientSecret: options.clientSecret ?? saved?.clientSecret ?? fresh.clientSecret,
  })
  const clients = new Map<string, Client>([[defaultClient.clientId, defaultClient]])
  for (const extra of options.clients ?? []) clients.set(extra.clientId, toClient(extra))

  const signingKey = saved
    ? signingKeyFrom(createPrivateKey(saved.signingKey.pem), saved.signingKey.kid)
    : signingKeyFrom(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)
  const connections = new ConnectionRegistry(
    options.connections ?? ['Username-Password-Authentication'],
    options.passwordPolicy ?? 'fair',
    saved?.connectionIds,
  )

  const store = new UserStore()
  const index = new SearchIndex(options.indexDelayMs ?? 0, now)
  const passwords = new PasswordStore(saved?.passwords)
  const authenticationMethods = new AuthenticationMethods()
  // Loaded and seeded users are searchable at once: the lag models writes made through the API.
  for (const user of saved?.users ?? []) store.insert(user)
  if (store.size === 0) {
    for (const { authentication_methods: methods, ...seed } of options.users ?? []) {
      const user = buildSeedUser(seed, connections, now())
      store.insert(user)
      // MFA enrolments live beside the profile (the emulator has no enrolment flow).
      if (Array.isArray(methods)) {
        authenticationMethods.seed(
          user.user_id as string,
          methods as AuthenticationMethodSeed[],
          now(),
        )
      }
      // A seed's password (if any) lets that user log in through /authorize.
      if (typeof seed.password === 'string') passwords.set(user.user_id as string, seed.password)
    }
  }
  for (const user of store.all()) index.load(user.user_id as string, user)
  store.onChange((id, user) => index.record(id, user))
  store.onChange((id, user) => {
    if (user === null) passwords.delete(id)
    if (user === null) authenticationMethods.deleteAll(id)
  })

  let origin = ''
  let port = 0
  const tenant: Tenant = {
    now,
    store,
    index,
    connections,
    clients,
    signingKey,
    jobs: new ExportJobs(now, options.exportDelayMs ?? 0, options.tenantName ?? 'emulator'),
    rateLimits: new RateLimits(options.rateLimit, now),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 86_400,
    passwords,
    logins: new LoginTransactions(now),
    codes: new AuthorizationCodes(now),
    bruteForce:
      options.bruteForce === false ? undefined : new BruteForceGuard(now, options.bruteForce),
    loginRule: options.loginRule,
    logs: new LogStore(now),
    outbox: new Outbox(),
    tickets: new TicketStore(now),
    verificationJobs: new VerificationEmailJobs(now, options.exportDelayMs ?? 0),
    authenticationMethods,
    origin: () => origin,
    isAudience: (audience, hostHeader) => isManagementAudience(audience, port, hostHeader),
  }

  const snapshot = (): DataFileState => ({
    format: 'auth0plus-emulator',
    version: 1,
    clientId: defaultClient.clientId,
    clientSecret: defaultClient.clientSecret,
    signingKey: {
      kid: signingKey.kid,
      pem: signingKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    },
    connectionIds: connections.ids(),
    users: store.all(),
    passwords: passwords.toJSON(),
  })
  const writer =
    options.dataFile === undefined ? undefined : new DataFileWriter(options.dataFile, snapshot)
  // Written at once so the credentials (and seeds) survive a restart even before any change.
  await writer?.save()

  const handler = createRequestHandler(tenant, {
    faults: options.faults ? new FaultInjector(options.faults) : undefined,
    writer,
    maxUrlLength: options.maxUrlLength ?? 16_384,
  })
  const tls = options.https ? await generateLoopbackCertificate() : undefined
  // Headers up to 64 KiB so over-long URLs reach the handler's 414 instead of Node's bare 431.
  const server: Server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert, maxHeaderSize: 65_536 }, handler)
    : createHttpServer({ maxHeaderSize: 65_536 }, handler)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  origin = `${tls ? 'https' : 'http'}://${HOST}:${port}`

  let stopping: Promise<void> | undefined
  return {
    domain: origin,
    port,
    audience: `https://${HOST}:${port}/api/v2/`,
    clientId: defaultClient.clientId,
    clientSecret: defaultClient.clientSecret,
    connection: connections.default.name,
    caCert: tls?.cert,
    outbox: tenant.outbox,
    stop: () =>
      (stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeAllConnections()
        await closed
        await writer?.flush()
      })()),
  }
}
