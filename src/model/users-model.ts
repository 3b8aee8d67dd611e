import type { DoesNotExist, MultipleObjectsReturned } from '../errors.js'
import type { ImportUser } from '../bulk/import-record.js'
import type { ImportOptions, ImportResult } from '../bulk/import-types.js'
import type { ExportedUser, ExportOptions } from '../export/export-users.js'
import type { Lookup, LookupValue, Q } from '../query/q.js'
import type { UserQuerySet } from '../query/user-query-set.js'
import type { User } from './user.js'
import type { Metadata, UserFields } from './user-attributes.js'
import type { Credentials, QueryParams, UsersManager } from './users-manager.js'

export type { QueryParams } from './users-manager.js'

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
  /**
   * The id of the connection named `name` (the model's connection by default), or `undefined`
   * when the tenant has none: GET /connections?name=… (scope `read:connections`).
   */
  connectionId(name?: string): Promise<string | undefined>
  readonly DoesNotExist: typeof DoesNotExist
  readonly MultipleObjectsReturned: typeof MultipleObjectsReturned
  /** The manager the static methods forward to, as Django's `User.objects`. */
  readonly objects: UsersManager<User<UserMeta, AppMeta>>
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
   * Django's `authenticate`: the user whose e-mail (or username) and password these are, or
   * `null` for wrong credentials. The Resource Owner Password grant with realm = the model's
   * connection, as the application of `clientId` and `clientSecret`, then GET /users/{sub} (the
   * id token's `sub`, read unverified only to pick the id). Auth0 counts it as a login.
   *
   * @example
   * await auth0.users.authenticate({ email: 'angus@acdc.com', password })
   * // POST /oauth/token {"grant_type":"http://auth0.com/oauth/grant-type/password-realm",…}
   * // GET /api/v2/users/auth0%7C…   → <User auth0|…>
   * @throws Auth0Error for a refusal other than wrong credentials, `errorCode` saying which:
   *   `too_many_attempts`, `unauthorized` (blocked), `mfa_required`, `unauthorized_client`.
   */
  authenticate(credentials: Credentials): Promise<User<UserMeta, AppMeta> | null>
  /** Lifts the brute-force blocks of an e-mail, username or phone number (DELETE /user-blocks?identifier=…). */
  unblockIdentifier(identifier: string): Promise<void>
  /**
   * Every user of the tenant (or of `connection`), past any search cap, through Auth0's
   * users-export job: plain records streamed from its gzip NDJSON file. Lazy; each iteration
   * runs a new job. See `exportUsers` for the requests.
   *
   * @example
   * for await (const user of auth0.users.export({ fields: ['email', 'user_metadata.plan'] })) …
   * // POST /jobs/users-exports, GET /jobs/{id} until completed, then the file (no token sent)
   */
  export(options?: ExportOptions): AsyncIterable<ExportedUser>
  /**
   * Creates users in bulk through Auth0's import jobs (POST /jobs/users-imports): the input
   * (any Iterable or AsyncIterable of users in the import schema, e.g. with a
   * `custom_password_hash` from another system) is streamed into files of ≤ 512 000 bytes,
   * at most two jobs run at a time (Auth0's limit; a 429 is waited out), each is polled until
   * finished and its error report read. A user that breaks the schema is reported in `failed`
   * (`INVALID_RECORD`) and sent in no job. `sendCompletionEmail` defaults to false.
   *
   * @example
   * const result = await auth0.users.import(users, { upsert: true })
   * // GET /connections?name=… → con_…; POST /jobs/users-imports (multipart) ×n, 2 at a time;
   * // GET /jobs/job_… until completed; GET /jobs/job_…/errors when summary.failed > 0
   * result //=> { total, count, inserted, updated, failed: [{ index, email, errors }], notAttempted, jobs }
   */
  import(
    users: Iterable<ImportUser> | AsyncIterable<ImportUser>,
    options?: ImportOptions,
  ): Promise<ImportResult>
}
