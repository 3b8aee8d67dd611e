import { DoesNotExist, InvalidArgument, MultipleObjectsReturned } from '../errors.js'
import { toQ, type Lookup, type LookupValue, type Q } from '../query/q.js'
import { UserQuerySet } from '../query/query-set.js'
import { MODEL_CONTEXT, type ModelContext } from './model-context.js'
import { User, LOAD } from './user.js'
import type { Metadata, UserFields } from './user-attributes.js'
import { createUser, deleteUser, getUser, getOrCreateUser, updateOrCreateUser } from './manager.js'
import { bulkUpdateBody } from './bulk-update-body.js'
import { exportUsers, type ExportedUser, type ExportOptions } from '../export/export-users.js'

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

/** `getOrCreate` / `updateOrCreate` arguments: a lookup plus the `defaults` to write. */
export interface LookupWithDefaults<UserMeta extends object, AppMeta extends object> {
  defaults?: UserFields<UserMeta, AppMeta>
  [key: string]: LookupValue | UserFields<UserMeta, AppMeta> | undefined
}

/**
 * `auth0.users`: the User class bound to one tenant and connection, with Django's manager
 * methods on it (`User.objects` and the model in one, as in the Python library).
 */
export interface UserModel<UserMeta extends object = Metadata, AppMeta extends object = Metadata> {
  new (fields?: UserFields<UserMeta, AppMeta>): User<UserMeta, AppMeta>
  readonly prototype: User<UserMeta, AppMeta>
  /** The connection new users are created in and queries are scoped to. */
  readonly connection: string | undefined
  readonly DoesNotExist: typeof DoesNotExist
  readonly MultipleObjectsReturned: typeof MultipleObjectsReturned
  /** POST /users, in `fields.connection` or the model's connection. */
  create(fields: UserFields<UserMeta, AppMeta>): Promise<User<UserMeta, AppMeta>>
  /**
   * Exactly one user: by id (GET /users/{id}), by e-mail alone (GET /users-by-email,
   * immediately consistent), or by any other lookup (search). Throws `DoesNotExist` or
   * `MultipleObjectsReturned`.
   */
  get(idOrLookup: string | Lookup | Q): Promise<User<UserMeta, AppMeta>>
  /** `[user, created]`: the user the lookup finds, or one created from lookup ∪ defaults. */
  getOrCreate(
    args: LookupWithDefaults<UserMeta, AppMeta>,
  ): Promise<[User<UserMeta, AppMeta>, boolean]>
  /** `[user, created]`: the match with `defaults` applied and saved, or a new user. */
  updateOrCreate(
    args: LookupWithDefaults<UserMeta, AppMeta>,
  ): Promise<[User<UserMeta, AppMeta>, boolean]>
  /** A lazy query set; `{ q: '...' }` adds raw lucene. No request until evaluated. */
  query(lookup?: Lookup | Q, params?: QueryParams): UserQuerySet<User<UserMeta, AppMeta>>
  /** Every user of the model's connection (or of the tenant, with `{ connection: null }`). */
  all(params?: QueryParams): UserQuerySet<User<UserMeta, AppMeta>>
  /** DELETE /users/{id}. Auth0 answers 204 even when the user is already gone. */
  delete(id: string): Promise<void>
  /**
   * Every user of the tenant (or of `connection`), past any search cap, through Auth0's
   * users-export job: plain records streamed from its gzip NDJSON file. Lazy; each iteration
   * runs a new job. See {@link exportUsers} for the requests.
   *
   * @example
   * for await (const user of auth0.users.export({ fields: ['email', 'user_metadata.plan'] })) …
   * // POST /jobs/users-exports, GET /jobs/{id} until completed, then the file (no token sent)
   */
  export(options?: ExportOptions): AsyncIterable<ExportedUser>
}

/** Makes the `auth0.users` class for one connection context. */
export function bindUserModel<UserMeta extends object, AppMeta extends object>(
  context: ModelContext,
): UserModel<UserMeta, AppMeta> {
  type Bound = User<UserMeta, AppMeta>
  const hydrate = (record: Record<string, unknown>): Bound => new BoundUser()[LOAD](record)

  const query = (lookup?: Lookup | Q, params: QueryParams = {}) => {
    checkParams(params)
    let qs = new UserQuerySet<Bound>({ http: context.http, hydrate, updateBody: bulkUpdateBody })
    const connection = params.connection === undefined ? context.connection : params.connection
    if (lookup !== undefined) qs = qs.filter(lookup)
    if (connection) qs = qs.filter(toQ({ 'identities.connection': connection }))
    if (params.sort !== undefined) qs = qs.orderBy(sortField(params.sort))
    if (params.fields !== undefined) {
      const fields = Array.isArray(params.fields) ? params.fields : params.fields.split(',')
      qs = qs.only(...fields.map((field) => field.trim()).filter(Boolean))
    }
    return qs
  }

  const manager = { context, hydrate, query }

  class BoundUser extends User<UserMeta, AppMeta> {
    static readonly [MODEL_CONTEXT] = context
    static readonly connection = context.connection
    static readonly DoesNotExist = DoesNotExist
    static readonly MultipleObjectsReturned = MultipleObjectsReturned

    static create(fields: UserFields<UserMeta, AppMeta>): Promise<Bound> {
      return createUser(BoundUser, fields)
    }
    static get(idOrLookup: string | Lookup | Q): Promise<Bound> {
      return getUser(manager, idOrLookup)
    }
    static getOrCreate(args: LookupWithDefaults<UserMeta, AppMeta>): Promise<[Bound, boolean]> {
      return getOrCreateUser(manager, BoundUser, args)
    }
    static updateOrCreate(args: LookupWithDefaults<UserMeta, AppMeta>): Promise<[Bound, boolean]> {
      return updateOrCreateUser(manager, BoundUser, args)
    }
    static query(lookup?: Lookup | Q, params?: QueryParams): UserQuerySet<Bound> {
      return query(lookup, params)
    }
    static all(params?: QueryParams): UserQuerySet<Bound> {
      return query(undefined, params)
    }
    static delete(id: string): Promise<void> {
      return deleteUser(context, id)
    }
    static export(options?: ExportOptions): AsyncIterable<ExportedUser> {
      return exportUsers(context.http, options)
    }
  }
  Object.defineProperty(BoundUser, 'name', { value: 'User' })
  return BoundUser
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
