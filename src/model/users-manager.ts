import { ConnectionsApi } from '../api/connections-api.js'
import { JobsApi } from '../api/jobs-api.js'
import { UsersImportsApi } from '../api/users-imports-api.js'
import { UsersApi } from '../api/users-api.js'
import type { AuthenticationApi } from '../auth/authentication-api.js'
import { checkImportArguments } from '../bulk/import-options.js'
import type { ImportOptions, ImportResult } from '../bulk/import-types.js'
import { runImport, type ImportRun } from '../bulk/run-import.js'
import { Auth0Error, InvalidArgument } from '../errors.js'
import type { HttpClient } from '../http/http-client.js'
import type { Lookup, Q } from '../query/q.js'
import { toQ } from '../query/q.js'
import { QueryExecutor } from '../query/query-executor.js'
import { UserQuerySet } from '../query/user-query-set.js'
import { usersCollection } from '../query/users-collection.js'
import { accountServices, type AccountServices } from './account-services.js'
import { bulkUpdateBody } from './bulk-update-body.js'
import { fieldsFromLookup, mergeFields } from './lookup-fields.js'
import { Manager, type ModelClass } from './manager.js'
import type { Attributes, Model } from './model.js'
import type { Role } from './role.js'
import type { UserAttributes } from './user-attributes.js'

/** Endpoint parameters `query` and `all` pass through. */
export interface QueryParams {
  /** Comma list or array: fetch only these fields (`user_id` is always kept). */
  fields?: string | string[]
  /** `false` excludes `fields` instead; only `true` is supported on search, see {@link UserQuerySet.only}. */
  include_fields?: boolean
  /** `field:1` or `field:-1`. */
  sort?: string
  /** Search this connection instead of the model's; `null` searches every connection. */
  connection?: string | null
  /** Only `v3` exists today; v1 and v2 were switched off by Auth0. */
  search_engine?: 'v3'
}

/** Where a users manager sends its requests, and the connection it is scoped to. */
export interface UsersScope {
  readonly http: HttpClient
  /** The connection new users go to and queries are scoped to, when set. */
  readonly connection: string | undefined
  /** Sent as `client_id` beside e-mail and phone changes (it picks the e-mail template). */
  readonly clientId: string | undefined
  /** The tenant's bound Role class (`auth0.roles`), so a user's roles are its instances. */
  readonly roles?: typeof Role
  /** The Authentication API as the `Auth0`'s application; absent without a client id. */
  readonly authentication?: AuthenticationApi
}

/** What `authenticate` takes: an e-mail or a username, and the password. */
export interface Credentials {
  email?: string
  username?: string
  password: string
  /** The person's IP, forwarded to brute-force protection (`auth0-forwarded-for`). */
  ip?: string
}

/** What the manager needs of a user instance (the `User` class; named here to keep imports one-way). */
type AnyUser = Model & UserAttributes<object, object> & { password: string }

/**
 * `auth0.users.objects`: the manager of one tenant's users, scoped to its connection. Ids go
 * to GET /users/{id}, an e-mail alone to GET /users-by-email (immediately consistent, unlike
 * search), anything else to a search; the race-safe `getOrCreate` is {@link Manager}'s.
 */
export class UsersManager<T extends AnyUser> extends Manager<T> {
  readonly names = { one: 'User', many: 'users' }
  protected readonly immediateKeys: ReadonlySet<string> = new Set(['email', 'user_id'])
  readonly http: HttpClient
  readonly api: UsersApi
  readonly connection: string | undefined
  readonly clientId: string | undefined
  readonly roles: typeof Role | undefined
  /** What a user's lifecycle methods send requests through (tickets, blocks, logs, …). */
  readonly account: AccountServices
  readonly #executor: QueryExecutor<T>

  constructor(Model: ModelClass<T>, scope: UsersScope) {
    super(Model)
    this.http = scope.http
    this.api = new UsersApi(scope.http)
    this.connection = scope.connection
    this.clientId = scope.clientId
    this.roles = scope.roles
    this.account = accountServices(scope)
    this.#executor = new QueryExecutor(usersCollection(this.api, (record) => this.adopt(record)))
  }

  /** A lazy query set; `{ q: '...' }` adds raw lucene; scoped to the model's connection. */
  query(lookup?: Lookup | Q, params: QueryParams = {}): UserQuerySet<T> {
    checkParams(params)
    const api = this.api
    let qs = new UserQuerySet<T>(this.#executor, {
      delete: (id) => api.delete(id),
      patch: (id, body) => api.patch(id, body),
      updateBody: bulkUpdateBody,
    })
    const connection = params.connection === undefined ? this.connection : params.connection
    if (lookup !== undefined) qs = qs.filter(lookup)
    if (connection) qs = qs.filter(toQ({ 'identities.connection': connection }))
    if (params.sort !== undefined) qs = qs.orderBy(sortField(params.sort))
    if (params.fields !== undefined) {
      const fields = Array.isArray(params.fields) ? params.fields : params.fields.split(',')
      qs = qs.only(...fields.map((field) => field.trim()).filter(Boolean))
    }
    return qs
  }

  /** Every user of the model's connection (or of the tenant, with `{ connection: null }`). */
  all(params?: QueryParams): UserQuerySet<T> {
    return this.query(undefined, params)
  }

  /**
   * The id of the connection named `name` (the model's connection by default), or `undefined`
   * when the tenant has no such connection: GET /connections?name=… (scope `read:connections`).
   */
  async connectionId(name: string | undefined = this.connection): Promise<string | undefined> {
    if (typeof name !== 'string' || name === '') {
      throw new InvalidArgument('connectionId() needs a connection name (or a model bound to one).')
    }
    return new ConnectionsApi(this.http).idOf(name)
  }

  /**
   * Creates (or with `upsert`, updates) users through Auth0's import jobs; see {@link runImport}
   * for the requests. Arguments are checked before any request; each user is checked against
   * the import schema as it is read, and one that fails is reported in `failed` with
   * `INVALID_RECORD` and sent to no job (the others are imported).
   */
  async import(
    users: Iterable<unknown> | AsyncIterable<unknown>,
    options?: ImportOptions,
    timing?: ImportRun['timing'],
  ): Promise<ImportResult> {
    const checked = checkImportArguments(users, options)
    let connectionId = checked.connectionId
    if (connectionId === undefined) {
      const name = checked.connection ?? this.connection
      if (name === undefined) {
        throw new InvalidArgument('import() needs a connection (or a model bound to one).')
      }
      connectionId = await this.connectionId(name)
      if (connectionId === undefined) {
        throw new InvalidArgument(`The tenant has no connection named '${name}'.`)
      }
    }
    const imports = new UsersImportsApi(this.http)
    const jobs = new JobsApi(this.http)
    return runImport(users, { imports, jobs, connectionId, options: checked, timing })
  }

  /** DELETE /users/{id}. Auth0 answers 204 even when the user is already gone. */
  async delete(id: string): Promise<void> {
    await this.api.delete(id)
  }

  /**
   * Lifts the brute-force blocks of an e-mail, username or phone number (DELETE
   * /user-blocks?identifier=…), also for a person who has no user.
   */
  async unblockIdentifier(identifier: string): Promise<void> {
    await this.account.blocks.unblockIdentifier(identifier)
  }

  /**
   * Django's `authenticate`: the user whose e-mail (or username) and password these are, or
   * `null`. One password-realm grant in the model's connection, then GET /users/{sub}.
   */
  async authenticate(credentials: Credentials): Promise<T | null> {
    if (typeof credentials !== 'object' || credentials === null) {
      throw new InvalidArgument('authenticate() takes { email | username, password }.')
    }
    const { email, username, password, ip, ...unknown } = credentials
    const extra = Object.keys(unknown)[0]
    if (extra !== undefined) throw new InvalidArgument(`authenticate() has no field '${extra}'.`)
    if ((email === undefined) === (username === undefined)) {
      throw new InvalidArgument('authenticate() takes an email or a username (one of them).')
    }
    const outcome = await this.account.checkPassword({ username: email ?? username, password, ip })
    return outcome ? this.getById(outcome.userId) : null
  }

  protected async getById(id: string): Promise<T> {
    try {
      return this.adopt(await this.api.get(id))
    } catch (error) {
      if (error instanceof Auth0Error && error.statusCode === 404) throw this.doesNotExist(error)
      throw error
    }
  }

  protected exactLookup(lookup: Lookup): Promise<T[]> | undefined {
    const keys = Object.keys(lookup)
    const only = keys.length === 1 ? lookup[keys[0]!] : undefined
    if (typeof only !== 'string' || only.includes('*')) return undefined
    if (keys[0] === 'user_id') return this.getById(only).then((user) => [user])
    if (keys[0] === 'email') return this.#byEmail(only)
    return undefined
  }

  protected fieldsFromLookup(lookup: Lookup): Attributes {
    return fieldsFromLookup(lookup) as Attributes
  }

  protected override mergeFields(base: Attributes, defaults: Attributes): Attributes {
    return mergeFields(base, defaults) as Attributes
  }

  /** Writes `defaults` onto a fetched user; metadata merges one level deep, as Auth0's PATCH does. */
  protected override applyDefaults(user: T, defaults: Attributes): T {
    const target = user as unknown as Attributes
    for (const [key, value] of Object.entries(defaults)) {
      if (key === 'connection') continue
      if (key === 'password') user.password = value as string
      else if (key === 'user_metadata' || key === 'app_metadata') {
        target[key] = { ...(target[key] as object | undefined), ...(value as object) }
      } else target[key] = value
    }
    return user
  }

  /**
   * GET /users-by-email spans every connection, so a scoped manager keeps only its own
   * connection's users. Database connections store e-mails lower-cased, so a miss with
   * capitals is retried lower-cased.
   */
  async #byEmail(email: string): Promise<T[]> {
    let records = await this.#usersByEmail(email)
    if (records.length === 0 && email !== email.toLowerCase()) {
      records = await this.#usersByEmail(email.toLowerCase())
    }
    return records.map((record) => this.adopt(record))
  }

  async #usersByEmail(email: string): Promise<Attributes[]> {
    const records = await this.api.byEmail(email)
    const connection = this.connection
    if (!connection) return records
    return records.filter((user) =>
      (user.identities as { connection?: string }[] | undefined)?.some(
        (identity) => identity.connection === connection,
      ),
    )
  }
}

const PARAMS: ReadonlySet<string> = new Set([
  'fields',
  'include_fields',
  'sort',
  'connection',
  'search_engine',
])

function checkParams(params: QueryParams): void {
  if (typeof params !== 'object' || params === null) {
    throw new InvalidArgument('Query parameters must be an object.')
  }
  for (const name of Object.keys(params)) {
    if (!PARAMS.has(name)) {
      const hint = name === 'page' || name === 'per_page' ? ' Use slice() to page.' : ''
      throw new InvalidArgument(`Unknown query parameter '${name}'.${hint}`)
    }
  }
  if (params.search_engine !== undefined && params.search_engine !== 'v3') {
    throw new InvalidArgument(
      `Auth0 serves only search_engine v3, not '${String(params.search_engine)}'.`,
    )
  }
  if (params.include_fields === false) {
    throw new InvalidArgument('include_fields: false is not supported; list the fields to keep.')
  }
  if (params.connection !== undefined && params.connection !== null) {
    if (typeof params.connection !== 'string' || params.connection === '') {
      throw new InvalidArgument(
        'connection must be a non-empty string, or null for every connection.',
      )
    }
  }
}

/** `created_at:-1` → `-created_at`, for orderBy. */
function sortField(sort: string): string {
  const match = typeof sort === 'string' ? /^([A-Za-z0-9_.]+):(1|-1)$/.exec(sort) : null
  if (!match)
    throw new InvalidArgument(`sort must look like 'field:1' or 'field:-1', got '${String(sort)}'.`)
  return match[2] === '-1' ? `-${match[1]}` : match[1]!
}
