import { inspect } from 'node:util'
import cloneDeep from 'lodash/cloneDeep.js'
import { AttributeError, InvalidArgument } from '../errors.js'
import { MODEL_CONTEXT, userPath, type ModelContext } from './model-context.js'
import { planUpdate } from './plan-update.js'
import { createBody } from './create-body.js'
import type { Metadata, UserAttributes, UserFields } from './user-attributes.js'

type Attributes = Record<string, unknown>

/** Loads an API record into an instance; internal to the model layer. */
export const LOAD = Symbol('auth0plus.load')

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
export class User<UserMeta extends object = Metadata, AppMeta extends object = Metadata> {
  #fetched = false
  /** What the tenant last told us: `save()` diffs against it. */
  #snapshot: Attributes = {}
  #password: string | undefined
  #connection: string | undefined

  constructor(fields: UserFields<UserMeta, AppMeta> = {}) {
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      throw new InvalidArgument('A user is built from an object of attributes.')
    }
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

  /** True once the instance reflects a user on the tenant; decides whether `save()` creates. */
  get _fetched(): boolean {
    return this.#fetched
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
  asDict(): UserAttributes<UserMeta, AppMeta> & Attributes {
    return cloneDeep({ ...this }) as UserAttributes<UserMeta, AppMeta> & Attributes
  }

  toJSON(): Attributes {
    return this.asDict()
  }

  toString(): string {
    return this.user_id === undefined ? '<User>' : `<User ${this.user_id}>`
  }

  [inspect.custom](): string {
    return this.toString()
  }

  /**
   * Creates the user (POST /users) when `_fetched` is false, otherwise PATCHes what changed.
   * Auth0 refuses some pairs in one PATCH, so an update may take up to three requests; if one
   * fails, the earlier ones stay applied and a second `save()` sends only the rest.
   */
  async save(): Promise<this> {
    const context = contextOf(this)
    if (!this.#fetched) {
      const body = createBody(this.asDict(), {
        password: this.#password,
        connection: this.#connection ?? context.connection,
      })
      const response = await context.http.request<Attributes>({
        method: 'POST',
        path: '/users',
        body,
      })
      this.#password = undefined
      this[LOAD](response.data)
      return this
    }

    const id = this.#requireId('save')
    const current = { ...this } as Attributes
    const steps = planUpdate(this.#snapshot, current, {
      password: this.#password,
      connection: this.#userConnection(context),
      clientId: context.clientId,
    })
    for (const [index, body] of steps.entries()) {
      const response = await context.http.request<Attributes>({
        method: 'PATCH',
        path: userPath(id),
        body,
      })
      if ('password' in body) this.#password = undefined
      const pending = new Set(steps.slice(index + 1).flatMap((later) => Object.keys(later)))
      this.#absorb(response.data, pending)
    }
    return this
  }

  /** DELETE /users/{id}. The instance keeps its attributes and becomes unsaved. */
  async delete(): Promise<void> {
    const context = contextOf(this)
    await context.http.request({ method: 'DELETE', path: userPath(this.#requireId('delete')) })
    this.#fetched = false
  }

  /** Reloads every attribute from GET /users/{id}, dropping unsaved changes. */
  async refresh(): Promise<this> {
    const context = contextOf(this)
    const response = await context.http.request<Attributes>({
      method: 'GET',
      path: userPath(this.#requireId('refresh')),
    })
    this[LOAD](response.data)
    return this
  }

  /** Replaces every attribute with `record` and snapshots it, as fetched from the tenant. */
  [LOAD](record: Attributes): this {
    for (const key of Object.keys(this)) delete (this as Attributes)[key]
    Object.assign(this, cloneDeep(record))
    this.#snapshot = cloneDeep(record)
    this.#fetched = true
    return this
  }

  /** After one of several PATCHes: take the tenant's answer, except where a later PATCH is still due. */
  #absorb(record: Attributes, pending: ReadonlySet<string>): void {
    const self = this as Attributes
    for (const key of Object.keys(self)) {
      if (!pending.has(key) && !(key in record)) delete self[key]
    }
    for (const [key, value] of Object.entries(record)) {
      if (!pending.has(key)) self[key] = cloneDeep(value)
    }
    this.#snapshot = cloneDeep(record)
  }

  /** A fetched user's own connection, so updates on a non-default connection name the right one. */
  #userConnection(context: ModelContext): string | undefined {
    const primary = this.identities?.[0]
    return primary?.connection ?? this.#connection ?? context.connection
  }

  #requireId(action: string): string {
    const id = this.user_id
    if (typeof id !== 'string' || id === '') {
      throw new InvalidArgument(`Cannot ${action} a user without a user_id.`)
    }
    return id
  }
}

function contextOf(user: User<object, object>): ModelContext {
  const context = (user.constructor as { [MODEL_CONTEXT]?: ModelContext })[MODEL_CONTEXT]
  if (!context) {
    throw new InvalidArgument('This User class is not bound to a tenant: use auth0.users.')
  }
  return context
}
