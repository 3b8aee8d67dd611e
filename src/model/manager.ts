import { setTimeout as sleep } from 'node:timers/promises'
import {
  Auth0Error,
  DoesNotExist,
  InvalidArgument,
  MultipleObjectsReturned,
  NetworkError,
} from '../errors.js'
import type { QuerySet } from '../query/query-set.js'
import { isQ, type Lookup, type Q } from '../query/q.js'
import {
  LOAD,
  type Attributes,
  type LookupArgs,
  type Manager as ModelManager,
  type Model,
} from './model.js'

/** A bound model class: the manager builds instances with it. */
export type ModelClass<T extends Model> = new (fields?: never) => T

/** Search lags writes; after a 409 the winner's record may take a moment to become searchable. */
const CONFLICT_RETRY_DELAYS_MS = [250, 500, 1000, 2000]
/** A create whose answer was lost and left no record is sent this many times in all. */
const CREATE_ATTEMPTS = 3

/**
 * Django's manager for one resource: `create`, `get`, `getOrCreate`, `updateOrCreate`, `query`,
 * `all`, `delete`. The race-safe get-or-create lives here once; a resource says how to fetch by
 * id, how to search, and which lookups are read without search lag.
 *
 * @example
 * auth0.users.objects.get({ email: 'a@b.c' }) // what auth0.users.get(...) calls
 */
export abstract class Manager<T extends Model> implements ModelManager<T> {
  readonly Model: ModelClass<T>

  constructor(Model: ModelClass<T>) {
    this.Model = Model
  }

  /** Singular and plural names for messages: `User`, `users`. */
  abstract readonly names: { readonly one: string; readonly many: string }

  /** A lazy set of the records a lookup matches; `params` are the resource's list parameters. */
  abstract query(lookup?: Lookup | Q, params?: object): QuerySet<T>

  /** A lazy set of every record. */
  abstract all(params?: object): QuerySet<T>

  /** DELETE of one record by id. */
  abstract delete(id: string): Promise<void>

  /** The record with this id, or `DoesNotExist`. */
  protected abstract getById(id: string): Promise<T>

  /**
   * The records of a lookup the resource answers exactly and immediately (users: `{ user_id }`,
   * `{ email }`), or `undefined` (without any request) when the lookup needs a search.
   */
  protected abstract exactLookup(lookup: Lookup): Promise<T[]> | undefined

  /** Lookup keys read without search lag: after a lost race, such a lookup is not retried. */
  protected abstract readonly immediateKeys: ReadonlySet<string>

  /** The attributes a lookup pins down, for `getOrCreate` to create what it did not find. */
  protected abstract fieldsFromLookup(lookup: Lookup): Attributes

  /** An instance of this tenant's model from an API record. */
  hydrate(record: Attributes): T {
    return new this.Model()[LOAD](record)
  }

  /** POST a new record built from `fields`. */
  async create(fields: unknown): Promise<T> {
    if (fields !== undefined && fields !== null && typeof fields !== 'object') {
      throw new InvalidArgument(`create() takes an object of ${this.names.one} attributes.`)
    }
    const instance = new this.Model(fields as never)
    if (instance._fetched) throw new InvalidArgument(`create() builds a new ${this.names.one}.`)
    return instance.save()
  }

  /** Exactly one record: by id, by an exact lookup, or by search. */
  async get(idOrLookup: string | Lookup | Q): Promise<T> {
    if (typeof idOrLookup === 'string') return this.getById(idOrLookup)
    if (isQ(idOrLookup)) return this.#getBySearch(idOrLookup)
    if (typeof idOrLookup !== 'object' || idOrLookup === null) {
      throw new InvalidArgument(`get() takes an id, a lookup object or a Q.`)
    }
    const exact = this.exactLookup(idOrLookup)
    return exact ? this.exactlyOne(await exact) : this.#getBySearch(idOrLookup)
  }

  /** `[record, created]`: the record the lookup finds, or one created from lookup ∪ defaults. */
  async getOrCreate(args: LookupArgs): Promise<[T, boolean]> {
    const { defaults, lookup } = splitDefaults(args)
    if (Object.keys(lookup).length === 0) return [await this.create(defaults), true]
    const found = await this.#findOne(lookup)
    if (found) return [found, false]
    return this.#createOrFind(lookup, defaults)
  }

  /** `[record, created]`: the match with `defaults` applied and saved, or a new record. */
  async updateOrCreate(args: LookupArgs): Promise<[T, boolean]> {
    const { defaults, lookup } = splitDefaults(args)
    if (Object.keys(lookup).length === 0) return [await this.create(defaults), true]
    const found = await this.#findOne(lookup)
    if (!found) {
      const [instance, created] = await this.#createOrFind(lookup, defaults)
      if (created) return [instance, true]
      return [await this.applyDefaults(instance, defaults).save(), false]
    }
    return [await this.applyDefaults(found, defaults).save(), false]
  }

  /** `defaults` over `base` (a resource may merge some attributes deeper). */
  protected mergeFields(base: Attributes, defaults: Attributes): Attributes {
    return { ...base, ...defaults }
  }

  /** Writes `defaults` onto a fetched instance. */
  protected applyDefaults(instance: T, defaults: Attributes): T {
    Object.assign(instance, defaults)
    return instance
  }

  /** One record of `records`, or `DoesNotExist` / `MultipleObjectsReturned`. */
  protected exactlyOne(records: readonly T[]): T {
    if (records.length === 0) throw this.doesNotExist()
    if (records.length > 1) throw this.multiple()
    return records[0]!
  }

  protected doesNotExist(cause?: unknown): DoesNotExist {
    const options = cause === undefined ? undefined : { cause }
    return new DoesNotExist(`${this.names.one} Does Not Exist`, options)
  }

  protected multiple(): MultipleObjectsReturned {
    return new MultipleObjectsReturned(`${this.names.one}.get returned multiple ${this.names.many}`)
  }

  async #getBySearch(lookup: Lookup | Q): Promise<T> {
    // Two results are enough to tell one from many.
    return this.exactlyOne(await this.query(lookup).slice(0, 2).toArray())
  }

  async #findOne(lookup: Lookup): Promise<T | undefined> {
    try {
      return await this.get(lookup)
    } catch (error) {
      if (error instanceof DoesNotExist) return undefined
      throw error
    }
  }

  /**
   * Creates from lookup ∪ defaults. When another writer won the race (409), or Auth0's answer
   * was lost (5xx, reset, timeout: the create may or may not have happened), looks the record up
   * again (search may lag a moment) instead of failing; a lost create that left no record is
   * sent again. A record found after a lost answer is reported as not created: who created it
   * cannot be known.
   */
  async #createOrFind(lookup: Lookup, defaults: Attributes): Promise<[T, boolean]> {
    const fields = this.mergeFields(this.fieldsFromLookup(lookup), defaults)
    for (let attempt = 1; ; attempt++) {
      try {
        return [await this.create(fields), true]
      } catch (error) {
        const conflict = error instanceof Auth0Error && error.statusCode === 409
        if (!conflict && !outcomeUnknown(error)) throw error
        const found = await this.#lookAgain(lookup)
        if (found) return [found, false]
        // A 409 from a record this lookup does not match (same e-mail, other fields) stands.
        if (conflict || attempt >= CREATE_ATTEMPTS) throw error
      }
    }
  }

  /** After a conflict: the winner's record, waiting out the search index's lag where it applies. */
  async #lookAgain(lookup: Lookup): Promise<T | undefined> {
    const immediate = Object.keys(lookup).every((key) => this.immediateKeys.has(key))
    for (const delay of immediate ? [0] : [0, ...CONFLICT_RETRY_DELAYS_MS]) {
      if (delay > 0) await sleep(delay)
      const found = await this.#findOne(lookup)
      if (found) return found
    }
    return undefined
  }
}

/** No answer, or a server error: the request may have been applied. */
function outcomeUnknown(error: unknown): boolean {
  if (error instanceof NetworkError) return true
  return error instanceof Auth0Error && error.statusCode >= 500
}

function splitDefaults(args: LookupArgs): { defaults: Attributes; lookup: Lookup } {
  if (typeof args !== 'object' || args === null) {
    throw new InvalidArgument('Pass a lookup object, with optional defaults.')
  }
  const { defaults = {}, ...lookup } = args
  if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) {
    throw new InvalidArgument('defaults must be an object of attributes.')
  }
  return { defaults: defaults as Attributes, lookup: lookup as Lookup }
}
