import { inspect } from 'node:util'
import cloneDeep from 'lodash/cloneDeep.js'
import { copyJson } from '../wire/copy-json.js'
import { DoesNotExist, InvalidArgument, MultipleObjectsReturned } from '../errors.js'
import type { Lookup, Q } from '../query/q.js'
import type { QuerySet } from '../query/query-set.js'

export type Attributes = Record<string, unknown>

/** Loads an API record into an instance; internal to the model layer. */
export const LOAD = Symbol('auth0plus.load')

/** `getOrCreate` arguments as received; checked at run time (types come from the model's interface). */
export type LookupArgs = { readonly defaults?: unknown; readonly [key: string]: unknown }

/**
 * What a bound model class forwards its static methods to: Django's manager (`./manager.ts`
 * implements it once for every resource).
 */
export interface Manager<T extends Model> {
  create(fields: unknown): Promise<T>
  get(idOrLookup: string | Lookup | Q): Promise<T>
  getOrCreate(args: LookupArgs): Promise<[T, boolean]>
  updateOrCreate(args: LookupArgs): Promise<[T, boolean]>
  query(lookup?: Lookup | Q, params?: object): QuerySet<T>
  all(params?: object): QuerySet<T>
  delete(id: string): Promise<void>
}

/**
 * An active record of one Auth0 resource: attributes with Auth0's wire names as own properties,
 * a snapshot of what the tenant last said (so `save()` sends only what changed), and `_fetched`.
 * Subclasses (User, and the resources to come) say how they are created, updated and shown.
 *
 * A model class is bound to a tenant by subclassing it with a static `objects` manager
 * (`auth0.users` is such a class): the static methods below are Django's manager methods and
 * forward to it, as `User.objects.get()` does.
 */
export abstract class Model {
  #fetched = false
  /** What the tenant last told us: `save()` diffs against it. */
  #snapshot: Attributes = {}

  /** The manager of a bound model class; unbound classes have none. */
  static readonly objects: Manager<Model> | undefined = undefined
  /**
   * Accessor names that a record may still hold as data (the accessor's setter stores it as an
   * own attribute): a user profile with a root `roles` attribute keeps it.
   */
  static readonly dataNames: ReadonlySet<string> = new Set()
  static readonly DoesNotExist = DoesNotExist
  static readonly MultipleObjectsReturned = MultipleObjectsReturned

  // ---- Django's manager methods, on the bound class (`auth0.users.get(…)`). ----

  /** POST a new record built from `fields`. */
  static create(fields?: unknown): Promise<Model> {
    return managerOf(this).create(fields)
  }

  /** Exactly one record, by id or lookup; `DoesNotExist` / `MultipleObjectsReturned` otherwise. */
  static get(idOrLookup: string | Lookup | Q): Promise<Model> {
    return managerOf(this).get(idOrLookup)
  }

  /** `[record, created]`: the match, or one created from lookup ∪ `defaults`. */
  static getOrCreate(args: LookupArgs): Promise<[Model, boolean]> {
    return managerOf(this).getOrCreate(args)
  }

  /** `[record, created]`: the match with `defaults` applied and saved, or a new record. */
  static updateOrCreate(args: LookupArgs): Promise<[Model, boolean]> {
    return managerOf(this).updateOrCreate(args)
  }

  /** A lazy set of the records a lookup matches; no request until evaluated. */
  static query(lookup?: Lookup | Q, params?: object): QuerySet<Model> {
    return managerOf(this).query(lookup, params)
  }

  /** A lazy set of every record. */
  static all(params?: object): QuerySet<Model> {
    return managerOf(this).all(params)
  }

  /** DELETE one record by id. */
  static delete(id: string): Promise<void> {
    return managerOf(this).delete(id)
  }

  // ---- Instances. ----

  /** True once the instance reflects a record on the tenant; decides whether `save()` creates. */
  get _fetched(): boolean {
    return this.#fetched
  }

  /** The record's id (`user_id`, `id`, …), or `undefined` before it is saved. */
  abstract getId(): string | undefined

  /** Creates the record when `_fetched` is false, otherwise sends what changed. */
  abstract save(): Promise<this>

  /** The attributes as a plain object (never a secret); `new Model(dict)` rebuilds it. */
  asDict(): Attributes {
    return cloneDeep({ ...this } as Attributes)
  }

  toJSON(): Attributes {
    return this.asDict()
  }

  /** `<User auth0|…>`: the class name and what identifies the record. */
  toString(): string {
    const label = this.label()
    return label === undefined ? `<${this.modelName}>` : `<${this.modelName} ${label}>`
  }

  [inspect.custom](): string {
    return this.toString()
  }

  /** What `toString` shows after the class name; the id by default. */
  protected label(): string | undefined {
    return this.getId()
  }

  /** The model's name, `User`, also on bound subclasses. */
  protected get modelName(): string {
    return (this.constructor as { modelName?: string }).modelName ?? this.constructor.name
  }

  /** The bound manager, or an error saying the class is not bound to a tenant. */
  protected get objects(): Manager<this> {
    return managerOf(this.constructor as typeof Model) as unknown as Manager<this>
  }

  /** A copy of the last snapshot. */
  protected get snapshot(): Attributes {
    return this.#snapshot
  }

  /** The instance's attributes, as `save()` compares them with the snapshot. */
  protected get current(): Attributes {
    return { ...this } as Attributes
  }

  /** Replaces every attribute with `record` and snapshots it, as fetched from the tenant. */
  [LOAD](record: Attributes): this {
    for (const key of Object.keys(this)) delete (this as Attributes)[key]
    // The record is the instance's own (freshly parsed, or copied by the caller): only the
    // snapshot needs a copy, so later edits of the attributes cannot reach it.
    Object.assign(this, attributesOf(this, record))
    this.#snapshot = copyJson(record)
    this.#fetched = true
    return this
  }

  /** After one of several updates: take the tenant's answer, except where a later one is still due. */
  protected absorb(record: Attributes, pending: ReadonlySet<string>): void {
    const self = this as Attributes
    for (const key of Object.keys(self)) {
      if (!pending.has(key) && !(key in record)) delete self[key]
    }
    // The record is a fresh answer, owned here: only the snapshot is copied.
    for (const [key, value] of Object.entries(attributesOf(this, record))) {
      if (!pending.has(key)) self[key] = value
    }
    this.#snapshot = copyJson(record)
  }

  /** Takes attributes the tenant just answered (e.g. `identities` after linking) as fetched. */
  protected absorbFields(fields: Attributes): void {
    for (const [key, value] of Object.entries(fields)) {
      ;(this as Attributes)[key] = cloneDeep(value)
      this.#snapshot[key] = cloneDeep(value)
    }
  }

  /** After a delete: the instance keeps its attributes and becomes unsaved. */
  protected forget(): void {
    this.#fetched = false
  }

  protected requireId(action: string): string {
    const id = this.getId()
    if (typeof id !== 'string' || id === '') {
      throw new InvalidArgument(`Cannot ${action} a ${this.modelName} that has no id.`)
    }
    return id
  }
}

/**
 * The attributes of an API record an instance can take: a key naming one of its methods or
 * accessors (`save`, `logs`, `password`, `__proto__`) would replace, break or trigger it, so an
 * answer holding one (a hostile server) keeps it only in the snapshot.
 */
function attributesOf(instance: Model, record: Attributes): Attributes {
  const proto = Object.getPrototypeOf(instance) as object
  const { dataNames } = instance.constructor as typeof Model
  const attributes: Attributes = {}
  for (const key of Object.keys(record)) {
    if (!(key in proto) || dataNames.has(key)) attributes[key] = record[key]
  }
  return attributes
}

/** The manager of a bound model class. */
function managerOf(Class: typeof Model): Manager<Model> {
  const objects = Class.objects
  if (!objects) {
    const name = (Class as { modelName?: string }).modelName ?? Class.name
    throw new InvalidArgument(
      `This ${name} class is not bound to a tenant: use auth0.${name.toLowerCase()}s.`,
    )
  }
  return objects
}
