import cloneDeep from 'lodash/cloneDeep.js'
import { UserRbacApi } from '../api/user-rbac-api.js'
import { AttributeError, InvalidArgument } from '../errors.js'
import { assertPlainJson } from '../wire/plain-json.js'
import { exportUsers, type ExportedUser, type ExportOptions } from '../export/export-users.js'
import type { ImportUser } from '../bulk/import-record.js'
import type { ImportOptions, ImportResult } from '../bulk/import-types.js'
import { createBody } from './create-body.js'
import { LOAD, type Attributes } from './model.js'
import { planUpdate } from './plan-update.js'
import { UserAccount } from './user-account.js'
import type { Metadata, UserAttributes, UserFields } from './user-attributes.js'
import { UserPermissions } from './user-permissions.js'
import { UserRoles } from './user-roles.js'
import { Role } from './role.js'
import { UsersManager, type Credentials, type UsersScope } from './users-manager.js'

// Interface merging gives instances typed, assignable attributes without class fields, which
// would create own `undefined` properties and make every attribute look set.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface User<
  UserMeta extends object = Metadata,
  AppMeta extends object = Metadata,
> extends UserAttributes<UserMeta, AppMeta> {}

/**
 * An Auth0 user, active-record style. Get a bound class from `auth0.users`; attributes are
 * Auth0's wire names (`user.email`, `user.user_metadata`), assignable, and `save()` sends what
 * changed since the instance was last fetched or saved.
 *
 * @example
 * const user = await auth0.users.get('auth0|64f1...')
 * user.user_metadata = { ...user.user_metadata, plan: 'gold' }
 * await user.save() // PATCH /users/auth0%7C64f1... {"user_metadata":{"plan":"gold"}}
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class User<
  UserMeta extends object = Metadata,
  AppMeta extends object = Metadata,
> extends UserAccount {
  static readonly modelName = 'User'
  static override readonly dataNames: ReadonlySet<string> = new Set(['roles', 'permissions'])
  declare static readonly objects: UsersManager<User<object, object>> | undefined
  #password: string | undefined
  #connection: string | undefined

  /** This tenant's users as a model class: `auth0.users`. */
  static bindTo(
    scope: UsersScope,
  ): new (fields?: UserFields<object, object>) => User<object, object> {
    const Bound = class extends this {}
    const objects = new UsersManager(Bound as new () => User<object, object>, scope)
    Object.defineProperties(Bound, { name: { value: 'User' }, objects: { value: objects } })
    return Bound as unknown as new (fields?: UserFields<object, object>) => User<object, object>
  }

  /** The connection new users are created in and queries are scoped to. */
  static get connection(): string | undefined {
    return this.objects?.connection
  }

  /** The id of a connection by name (the model's by default), `undefined` if the tenant has none. */
  static connectionId(name?: string): Promise<string | undefined> {
    const objects = this.objects
    if (!objects)
      throw new InvalidArgument('This User class is not bound to a tenant: use auth0.users.')
    return objects.connectionId(name)
  }

  /**
   * Every user of the tenant (or of `connection`), past any search cap, through Auth0's
   * users-export job; see {@link exportUsers} for the requests.
   */
  static export(options?: ExportOptions): AsyncIterable<ExportedUser> {
    return exportUsers(boundManager(this).http, options)
  }

  /**
   * Creates users in bulk through Auth0's import jobs (files of ≤ 500 KB, two jobs at a time);
   * see {@link UsersManager.import}.
   */
  static import(
    users: Iterable<ImportUser> | AsyncIterable<ImportUser>,
    options?: ImportOptions,
  ): Promise<ImportResult> {
    return boundManager(this).import(users, options)
  }

  /** Django's `authenticate`: the user these credentials belong to, or `null`; see UsersManager. */
  static authenticate(credentials: Credentials): Promise<User<object, object> | null> {
    return boundManager(this).authenticate(credentials)
  }

  /** Lifts the brute-force blocks of an e-mail, username or phone number. */
  static unblockIdentifier(identifier: string): Promise<void> {
    return boundManager(this).unblockIdentifier(identifier)
  }

  constructor(fields: UserFields<UserMeta, AppMeta> = {}) {
    super()
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      throw new InvalidArgument('A user is built from an object of attributes.')
    }
    assertPlainJson(fields, 'the user')
    const { password, connection, ...attributes } = fields as Attributes
    const clash = Object.keys(attributes).find(
      (key) => key.startsWith('_') || key in User.prototype,
    )
    if (clash !== undefined) throw new InvalidArgument(`'${clash}' is not a user attribute name.`)
    if (password !== undefined) this.password = password as string
    if (connection !== undefined) {
      if (typeof connection !== 'string' || connection === '') {
        throw new InvalidArgument('connection must be a non-empty string.')
      }
      this.#connection = connection
    }
    Object.assign(this, cloneDeep(attributes))
  }

  /** Write-only: assigning stores a new password for the next `save()`, which then forgets it. */
  get password(): string {
    if (this.#password === undefined) {
      throw new AttributeError("'User' object does not have a new password")
    }
    return this.#password
  }

  set password(value: string) {
    if (typeof value !== 'string' || value === '') {
      throw new InvalidArgument('password must be a non-empty string.')
    }
    this.#password = value
  }

  getId(): string | undefined {
    return this.user_id
  }

  /** The user's attributes as a plain object (never the password); `new auth0.users(dict)` rebuilds it. */
  override asDict(): UserAttributes<UserMeta, AppMeta> & Attributes {
    return super.asDict() as UserAttributes<UserMeta, AppMeta> & Attributes
  }

  /**
   * Creates the user (POST /users) when `_fetched` is false, otherwise PATCHes what changed.
   * Auth0 refuses some pairs in one PATCH, so an update may take up to three requests; if one
   * fails, the earlier ones stay applied and a second `save()` sends only the rest.
   */
  async save(): Promise<this> {
    const objects = this.#users
    if (!this._fetched) {
      const body = createBody(this.asDict(), {
        password: this.#password,
        connection: this.#connection ?? objects.connection,
      })
      const record = await objects.api.create(body)
      this.#password = undefined
      this[LOAD](record)
      return this
    }

    const id = this.#requireId('save')
    const steps = planUpdate(this.snapshot, this.current, {
      password: this.#password,
      connection: this.#userConnection(objects.connection),
      clientId: objects.clientId,
    })
    for (const [index, body] of steps.entries()) {
      const record = await objects.api.update(id, body)
      if ('password' in body) this.#password = undefined
      const pending = new Set(steps.slice(index + 1).flatMap((later) => Object.keys(later)))
      this.absorb(record, pending)
    }
    return this
  }

  /** DELETE /users/{id}. The instance keeps its attributes and becomes unsaved. */
  async delete(): Promise<void> {
    await this.#users.api.delete(this.#requireId('delete'))
    this.forget()
  }

  /** Reloads every attribute from GET /users/{id}, dropping unsaved changes. */
  async refresh(): Promise<this> {
    const record = await this.#users.api.get(this.#requireId('refresh'))
    this[LOAD](record)
    return this
  }

  /** The user's roles: `all()`, `add()`, `remove()`, `set()` (Django's `user.groups`). */
  get roles(): UserRoles<Role> {
    const http = this.#users.http
    const Roles = boundRoles(this.#users)
    return new UserRoles(
      new UserRbacApi(http),
      Roles.objects!.api,
      () => this.#requireId('use the roles of'),
      (record) => Roles.objects!.hydrate(record) as Role,
    )
  }

  /**
   * A profile that has a root `roles` attribute (some enterprise connections map one) keeps it
   * as data: loading must not fail, and that user's `roles` is then the attribute.
   */
  set roles(value: unknown) {
    shadow(this, 'roles', value)
  }

  /** The user's permissions, direct and through roles (Django's `user_permissions`). */
  get permissions(): UserPermissions {
    return new UserPermissions(new UserRbacApi(this.#users.http), () =>
      this.#requireId('use the permissions of'),
    )
  }

  set permissions(value: unknown) {
    shadow(this, 'permissions', value)
  }

  /** Whether the user holds `permission` on the API `api`, directly or through a role. */
  hasPerm(api: string, permission: string): Promise<boolean> {
    return this.permissions.has(api, permission)
  }

  get #users(): UsersManager<User<object, object>> {
    return this.objects as unknown as UsersManager<User<object, object>>
  }

  /** A fetched user's own connection, so updates on a non-default connection name the right one. */
  #userConnection(fallback: string | undefined): string | undefined {
    const primary = this.identities?.[0]
    return primary?.connection ?? this.#connection ?? fallback
  }

  #requireId(action: string): string {
    const id = this.user_id
    if (typeof id !== 'string' || id === '') {
      throw new InvalidArgument(`Cannot ${action} a user without a user_id.`)
    }
    return id
  }
}

/** Stores an attribute whose name a related manager also uses, as an own data property. */
function shadow(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  })
}

/** One bound Role class per users manager, so a user's roles are `Role` instances of its tenant. */
const rolesOf = new WeakMap<object, typeof Role>()
function boundRoles(users: UsersManager<User<object, object>>): typeof Role {
  let Roles = users.roles ?? rolesOf.get(users)
  if (Roles === undefined) {
    Roles = Role.bindTo(users.http) as unknown as typeof Role
    rolesOf.set(users, Roles)
  }
  return Roles
}

/** The manager of a bound User class (static private members do not reach subclasses). */
function boundManager(Class: typeof User): UsersManager<User<object, object>> {
  const objects = Class.objects
  if (!objects) {
    throw new InvalidArgument('This User class is not bound to a tenant: use auth0.users.')
  }
  return objects
}
