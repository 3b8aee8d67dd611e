import { inspect } from 'node:util'
import { InvalidArgument } from './errors.js'
import { resolveTenant, type TenantAddress } from './auth/tenant-address.js'
import { ClientCredentialsProvider } from './auth/client-credentials-provider.js'
import { AuthenticationApi } from './auth/authentication-api.js'
import { StaticTokenProvider, type TokenProvider } from './auth/token-provider.js'
import type { TokenStore } from './auth/token-store.js'
import { HttpClient } from './http/http-client.js'
import type { Logger } from './http/types.js'
import type { ResourceServerModel, RoleModel } from './model/record-model-class.js'
import { ResourceServer } from './model/resource-server.js'
import { Role } from './model/role.js'
import { User } from './model/user.js'
import type { UserModel } from './model/users-model.js'
import type { Metadata } from './model/user-attributes.js'

export interface Auth0Options {
  /** Your application's client id: sent beside e-mail changes, and used to fetch tokens. */
  clientId?: string
  /** With `clientId`, lets auth0plus fetch, cache and renew tokens itself. */
  clientSecret?: string
  /** The connection `auth0.users` creates users in and scopes its queries to. */
  defaultConnection?: string
  /** Milliseconds before a request is abandoned. Default 10 000. */
  timeout?: number
  /** Retries of a rate-limited, failed or timed-out request. Default 3. */
  maxRetries?: number
  /** Most requests in flight at once. Default 10. */
  concurrency?: number
  /** Where client-credentials tokens are cached: memory by default, or a `FileTokenStore`. */
  tokenStore?: TokenStore
  /** Management API audience; default `https://{host}/api/v2/` (set it for custom domains). */
  audience?: string
  /** Receives one debug line per request, response and retry; never a secret. */
  logger?: Logger
}

/**
 * A connection to one tenant's Management API. `auth0.users` is its User model.
 *
 * Every request it sends is paced from the tenant's `x-ratelimit-*` headers, per bucket, so code
 * on one `Auth0` meets no 429 at any concurrency; share one instance rather than making many.
 *
 * @example
 * const auth0 = new Auth0('my-tenant.eu.auth0.com', { clientId, clientSecret, defaultConnection: 'Username-Password-Authentication' })
 * const user = await auth0.users.get({ email: 'angus@acdc.com' })
 */
export class Auth0<UserMeta extends object = Metadata, AppMeta extends object = Metadata> {
  /** The users of this tenant (and of `defaultConnection`, when set). */
  readonly users: UserModel<UserMeta, AppMeta>
  /** The tenant's roles (Django's groups). */
  readonly roles: RoleModel
  /** The tenant's APIs, whose scopes are the permissions roles and users hold. */
  readonly resourceServers: ResourceServerModel
  readonly #address: TenantAddress
  readonly #connection: string | undefined

  /**
   * @param domain a bare host (`tenant.eu.auth0.com`, https implied) or a full origin
   *   (`http://127.0.0.1:4010`, for the local emulator)
   * @param token an access token, or client credentials (`{ clientId, clientSecret }`) to fetch one
   */
  constructor(domain: string, token: string | Auth0Options, options: Auth0Options = {}) {
    const settings = typeof token === 'string' ? options : { ...options, ...token }
    checkOptions(settings)
    this.#address = resolveTenant(domain, settings.audience)
    this.#connection = settings.defaultConnection
    const tokens = tokenProvider(this.#address, token, settings)
    const http = new HttpClient({
      address: this.#address,
      tokens,
      timeout: settings.timeout,
      maxRetries: settings.maxRetries,
      concurrency: settings.concurrency,
      logger: settings.logger,
    })
    const roles = Role.bindTo(http)
    this.users = User.bindTo({
      http,
      connection: settings.defaultConnection,
      clientId: settings.clientId,
      roles: roles as unknown as typeof Role,
      authentication: authenticationApi(this.#address, settings),
    }) as unknown as UserModel<UserMeta, AppMeta>
    this.roles = roles as unknown as RoleModel
    this.resourceServers = ResourceServer.bindTo(http) as unknown as ResourceServerModel
  }

  /**
   * Connects with DOMAIN, CLIENT_ID, CLIENT_SECRET and CONNECTION from the environment. The
   * library never reads `.env` itself: load it first (`import 'dotenv/config'`) if you use one.
   */
  static fromEnv<UserMeta extends object = Metadata, AppMeta extends object = Metadata>(
    env: Record<string, string | undefined> = process.env,
    options: Auth0Options = {},
  ): Auth0<UserMeta, AppMeta> {
    const missing = ['DOMAIN', 'CLIENT_ID', 'CLIENT_SECRET'].filter((name) => !env[name])
    if (missing.length > 0) {
      throw new InvalidArgument(
        `Auth0.fromEnv() needs ${missing.join(', ')} in the environment (see .env.example).`,
      )
    }
    return new Auth0<UserMeta, AppMeta>(env.DOMAIN!, {
      ...options,
      clientId: env.CLIENT_ID,
      clientSecret: env.CLIENT_SECRET,
      defaultConnection: options.defaultConnection ?? (env.CONNECTION || undefined),
    })
  }

  /** The tenant's origin, e.g. `https://tenant.eu.auth0.com`. */
  get domain(): string {
    return this.#address.origin
  }

  [inspect.custom](): string {
    const connection = this.#connection ? ` connection=${this.#connection}` : ''
    return `<Auth0 ${this.#address.origin}${connection}>`
  }
}

function tokenProvider(
  address: TenantAddress,
  token: string | Auth0Options,
  settings: Auth0Options,
): TokenProvider {
  if (typeof token === 'string') {
    if (token === '') throw new InvalidArgument('The access token is empty.')
    return new StaticTokenProvider(token)
  }
  const { clientId, clientSecret } = settings
  if (!clientId || !clientSecret) {
    throw new InvalidArgument('Pass an access token, or both clientId and clientSecret.')
  }
  return new ClientCredentialsProvider({
    address,
    clientId,
    clientSecret,
    store: settings.tokenStore,
    timeout: settings.timeout,
  })
}

/** `authenticate`, `checkPassword` and the change-password e-mail act as this application. */
function authenticationApi(
  address: TenantAddress,
  settings: Auth0Options,
): AuthenticationApi | undefined {
  const { clientId, clientSecret, timeout } = settings
  if (!clientId) return undefined
  return new AuthenticationApi({ address, clientId, clientSecret, timeout })
}

function checkOptions(options: Auth0Options): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgument('Auth0 options must be an object.')
  }
  for (const name of ['timeout', 'maxRetries', 'concurrency'] as const) {
    const value = options[name]
    const least = name === 'maxRetries' ? 0 : 1
    if (value !== undefined && (!Number.isInteger(value) || value < least)) {
      throw new InvalidArgument(`${name} must be an integer ≥ ${least}, got ${String(value)}.`)
    }
  }
  for (const name of ['clientId', 'clientSecret', 'defaultConnection', 'audience'] as const) {
    const value = options[name]
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new InvalidArgument(`${name} must be a non-empty string.`)
    }
  }
}
