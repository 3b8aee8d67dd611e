import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { dirname, resolve } from 'node:path'
import { isManagementAudience } from './audiences.js'
import { AuthenticationMethods, type AuthenticationMethodSeed } from './authentication-methods.js'
import { AuthorizationCodes } from './authorization-codes.js'
import { BruteForceGuard } from './brute-force.js'
import {
  DEFAULT_SCOPES,
  newClientCredentials,
  PASSWORD_REALM,
  toClient,
  toClientOptions,
  type Client,
} from './clients.js'
import { systemClock } from './clock.js'
import { ConnectionRegistry } from './connections.js'
import { loadDataFile, openDataFile } from './data-file.js'
import type { TenantMeta } from './data-records.js'
import { ExportJobs } from './export-jobs.js'
import { FaultInjector } from './faults.js'
import { ImportJobs } from './import-jobs.js'
import { signingKeyFrom } from './jwt.js'
import { LogStore } from './log-events.js'
import { LoginTransactions } from './login-transactions.js'
import type { EmulatorOptions, RunningEmulator } from './options.js'
import { Outbox } from './outbox.js'
import { PasswordStore } from './passwords.js'
import { Rbac } from './rbac.js'
import { managementGrants } from './management-grants.js'
import { seedRbac } from './seed-rbac.js'
import { RateLimits } from './rate-limit-plans.js'
import { RefreshTokens } from './refresh-tokens.js'
import { SearchIndex } from './search-index.js'
import { buildSeedUser } from './seed-users.js'
import { createRequestHandler } from './server.js'
import type { Tenant } from './tenant.js'
import { TicketStore } from './tickets.js'
import type { TlsMaterial } from './tls.js'
import { UserStore } from './user-store.js'
import { VerificationEmailJobs } from './verification-email-jobs.js'

const HOST = '127.0.0.1'

/**
 * The default client: the Management API M2M app the library uses, with the password grants,
 * refresh tokens and the code flow enabled (Advanced > Grant Types), loopback callbacks (any
 * port) and logout URLs, so `authenticate()`, password-grant tests and an OIDC login work out of
 * the box (README "Default tenant").
 */
const DEFAULT_CLIENT = {
  grantTypes: [
    'client_credentials',
    'password',
    PASSWORD_REALM,
    'refresh_token',
    'authorization_code',
  ],
  callbacks: ['http://127.0.0.1/callback', 'http://localhost/callback'],
  allowedLogoutUrls: ['http://127.0.0.1/', 'http://localhost/'],
}

/**
 * The HTTPS material: the CA (the option's, the data directory's, or a fresh one) and a server
 * certificate it signs. `selfsigned` is loaded only here, when HTTPS is asked for.
 */
async function tlsFor(
  options: EmulatorOptions,
): Promise<{ ca: TlsMaterial; server: TlsMaterial; caFile: string | undefined }> {
  const { createCertificateAuthority, issueServerCertificate, loadOrCreateCa } =
    await import('./tls.js')
  let ca: TlsMaterial
  let caFile: string | undefined
  if (options.ca !== undefined) ca = options.ca
  else if (options.dataFile !== undefined) {
    ;({ ca, certFile: caFile } = await loadOrCreateCa(dirname(resolve(options.dataFile))))
  } else ca = await createCertificateAuthority()
  return { ca, server: await issueServerCertificate(ca), caFile }
}

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
  const loaded = options.dataFile === undefined ? undefined : await loadDataFile(options.dataFile)
  const saved = loaded?.tenant.meta

  // Explicit options win, then the data file (so a restarted CLI keeps its .env), then random.
  const fresh = newClientCredentials()
  const defaultClient = toClient({
    clientId: options.clientId ?? saved?.clientId ?? fresh.clientId,
    clientSecret: options.clientSecret ?? saved?.clientSecret ?? fresh.clientSecret,
    ...DEFAULT_CLIENT,
  })
  // A Map: client ids come from outside (token requests) and must never reach a prototype.
  const clients = new Map<string, Client>([[defaultClient.clientId, defaultClient]])
  const extraClients = options.clients ?? saved?.clients ?? []
  for (const extra of extraClients) clients.set(extra.clientId, toClient(extra))
  const connectionOptions = options.connections ??
    saved?.connections ?? ['Username-Password-Authentication']

  const signingKey = saved
    ? signingKeyFrom(createPrivateKey(saved.signingKey.pem), saved.signingKey.kid)
    : signingKeyFrom(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)
  const connections = new ConnectionRegistry(
    connectionOptions,
    options.passwordPolicy ?? 'fair',
    saved?.connectionIds,
  )

  const store = new UserStore(loaded?.tenant.users)
  const index = new SearchIndex(options.indexDelayMs ?? 0, now)
  const passwords = new PasswordStore(loaded?.tenant.passwords)
  const authenticationMethods = new AuthenticationMethods()
  // Loaded and seeded users are searchable at once: the lag models writes made through the API.
  // Seeds apply to an empty tenant only; any iterable (a generator of a million users too).
  let seeding = false
  if (store.size === 0) {
    for (const { authentication_methods: methods, ...seed } of options.users ?? []) {
      seeding = true
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
  const managementAudience = () => `https://${HOST}:${port}/api/v2/`
  const rbac = new Rbac({
    now,
    management: () => ({ identifier: managementAudience(), scopes: DEFAULT_SCOPES }),
    isManagementAudience: (identifier) => isManagementAudience(identifier, port),
    managementGrants: () => managementGrants(clients, managementAudience()),
  })
  if (loaded?.hasRbac === true) rbac.load(loaded.tenant.rbac())
  else seedRbac(rbac, store, options, now)
  // Deleting a user removes its role assignments and direct permissions.
  store.onChange((id, user) => {
    if (user === null) rbac.forgetUser(id)
  })
  const tenant: Tenant = {
    now,
    store,
    index,
    connections,
    clients,
    signingKey,
    jobs: new ExportJobs(now, options.exportDelayMs ?? 0, options.tenantName ?? 'emulator'),
    importJobs: new ImportJobs(() => tenant, now, {
      usersPerSecond: options.importUsersPerSecond,
      persist: () => writer?.save(),
    }),
    rateLimits: new RateLimits(options.rateLimit, now),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 86_400,
    passwords,
    logins: new LoginTransactions(now),
    codes: new AuthorizationCodes(now),
    bruteForce:
      options.bruteForce === false ? undefined : new BruteForceGuard(now, options.bruteForce),
    rbac,
    loginRule: options.loginRule,
    refreshTokens: new RefreshTokens(now),
    outbox: new Outbox(),
    allowedLogoutUrls: options.allowedLogoutUrls ?? [],
    logs: new LogStore(now),
    tickets: new TicketStore(now),
    verificationJobs: new VerificationEmailJobs(now, options.exportDelayMs ?? 0),
    authenticationMethods,
    origin: () => origin,
    isAudience: (audience, hostHeader) => isManagementAudience(audience, port, hostHeader),
  }

  const meta: TenantMeta = {
    clientId: defaultClient.clientId,
    clientSecret: defaultClient.clientSecret,
    signingKey: {
      kid: signingKey.kid,
      pem: signingKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    },
    connectionIds: connections.ids(),
    clients: extraClients.map((extra) => toClientOptions(clients.get(extra.clientId)!)),
    connections: [...connectionOptions],
  }
  // From here every change of the users, passwords and RBAC reaches the data file's journal.
  const writer =
    options.dataFile === undefined
      ? undefined
      : await openDataFile({
          path: options.dataFile,
          stores: { store, passwords, rbac },
          meta,
          savedMeta: saved,
          // Seeds added to a loaded (empty) tenant are in no journal: write a whole snapshot.
          journal: seeding ? undefined : loaded?.journal,
          compactAfterBytes: options.compactAfterBytes,
        })

  const handler = createRequestHandler(tenant, {
    faults: options.faults ? new FaultInjector(options.faults) : undefined,
    writer,
    maxUrlLength: options.maxUrlLength ?? 16_384,
  })
  const https = options.https ? await tlsFor(options) : undefined
  const tls = https?.server
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
    caCert: https?.ca.cert,
    caFile: https?.caFile,
    sentEmails: () => tenant.outbox.list(),
    outbox: tenant.outbox,
    stop: () =>
      (stopping ??= (async () => {
        tenant.importJobs.stop()
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeAllConnections()
        await closed
        await writer?.close()
      })()),
  }
}
