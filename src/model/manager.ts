import { setTimeout as sleep } from 'node:timers/promises'
import {
  Auth0Error,
  DoesNotExist,
  InvalidArgument,
  MultipleObjectsReturned,
  NetworkError,
} from '../errors.js'
import { isQ, type Lookup, type Q } from '../query/q.js'
import type { UserQuerySet } from '../query/query-set.js'
import { userPath, type ModelContext } from './model-context.js'
import type { User } from './user.js'
import { fieldsFromLookup, mergeFields } from './lookup-fields.js'
import type { UserFields } from './user-attributes.js'

type Attributes = Record<string, unknown>
type AnyUser = User<object, object>

/** What the manager functions need from a bound model. */
export interface Manager<T extends AnyUser> {
  readonly context: ModelContext
  hydrate(record: Attributes): T
  query(lookup?: Lookup | Q): UserQuerySet<T>
}

/** A bound model class; the manager only builds instances with it. */
// The constructor's metadata types do not matter here, hence `never`.
/** `getOrCreate` arguments as received; checked at run time (types come from UserModel). */
type LookupArgs = { readonly defaults?: unknown; readonly [key: string]: unknown }

type ModelClass<T extends AnyUser> = new (fields?: never) => T

/** Search lags writes; after a 409 the winner's user may take a moment to become searchable. */
const CONFLICT_RETRY_DELAYS_MS = [250, 500, 1000, 2000]
/** A create whose answer was lost and left no user is sent this many times in all. */
const CREATE_ATTEMPTS = 3

export async function createUser<T extends AnyUser>(
  Model: ModelClass<T>,
  fields: UserFields<object, object>,
): Promise<T> {
  if (fields !== undefined && (fields as unknown) !== null && typeof fields !== 'object') {
    throw new InvalidArgument('create() takes an object of user attributes.')
  }
  const user = new Model(fields as never)
  if (user._fetched) throw new InvalidArgument('create() builds a new user.')
  return user.save()
}

export async function getUser<T extends AnyUser>(
  manager: Manager<T>,
  idOrLookup: string | Lookup | Q,
): Promise<T> {
  if (typeof idOrLookup === 'string') return getById(manager, idOrLookup)
  if (isQ(idOrLookup)) return getBySearch(manager, idOrLookup)
  if (typeof idOrLookup !== 'object' || idOrLookup === null) {
    throw new InvalidArgument('get() takes a user id, a lookup object or a Q.')
  }
  const keys = Object.keys(idOrLookup)
  const only = keys.length === 1 ? idOrLookup[keys[0]!] : undefined
  if (keys[0] === 'user_id' && typeof only === 'string' && !only.includes('*')) {
    return getById(manager, only)
  }
  if (keys[0] === 'email' && typeof only === 'string' && !only.includes('*')) {
    return getByEmail(manager, only)
  }
  return getBySearch(manager, idOrLookup)
}

export async function getOrCreateUser<T extends AnyUser>(
  manager: Manager<T>,
  Model: ModelClass<T>,
  args: LookupArgs,
): Promise<[T, boolean]> {
  const { defaults, lookup } = splitDefaults(args)
  if (Object.keys(lookup).length === 0) return [await createUser(Model, defaults), true]
  const found = await findOne(manager, lookup)
  if (found) return [found, false]
  return createOrFind(manager, Model, lookup, defaults)
}

export async function updateOrCreateUser<T extends AnyUser>(
  manager: Manager<T>,
  Model: ModelClass<T>,
  args: LookupArgs,
): Promise<[T, boolean]> {
  const { defaults, lookup } = splitDefaults(args)
  if (Object.keys(lookup).length === 0) return [await createUser(Model, defaults), true]
  const found = await findOne(manager, lookup)
  if (!found) {
    const [user, created] = await createOrFind(manager, Model, lookup, defaults)
    if (created) return [user, true]
    return [await applyDefaults(user, defaults).save(), false]
  }
  return [await applyDefaults(found, defaults).save(), false]
}

export async function deleteUser(context: ModelContext, id: string): Promise<void> {
  checkId(id)
  await context.http.request({ method: 'DELETE', path: userPath(id) })
}

async function getById<T extends AnyUser>(manager: Manager<T>, id: string): Promise<T> {
  checkId(id)
  try {
    const { data } = await manager.context.http.request<Attributes>({
      method: 'GET',
      path: userPath(id),
    })
    return manager.hydrate(data)
  } catch (error) {
    if (error instanceof Auth0Error && error.statusCode === 404) {
      throw new DoesNotExist('User Does Not Exist', { cause: error })
    }
    throw error
  }
}

/**
 * GET /users-by-email: exact and immediately consistent, unlike search. It spans every
 * connection, so a bound model keeps only its own connection's users. Database connections
 * store e-mails lower-cased, so a miss with capitals is retried lower-cased.
 */
async function getByEmail<T extends AnyUser>(manager: Manager<T>, email: string): Promise<T> {
  let users = await usersByEmail(manager.context, email)
  if (users.length === 0 && email !== email.toLowerCase()) {
    users = await usersByEmail(manager.context, email.toLowerCase())
  }
  return exactlyOne(manager, users)
}

async function usersByEmail(context: ModelContext, email: string): Promise<Attributes[]> {
  const { data } = await context.http.request<Attributes[]>({
    method: 'GET',
    path: '/users-by-email',
    params: { email },
  })
  const connection = context.connection
  if (!connection) return data
  return data.filter((user) =>
    (user.identities as { connection?: string }[] | undefined)?.some(
      (identity) => identity.connection === connection,
    ),
  )
}

async function getBySearch<T extends AnyUser>(manager: Manager<T>, lookup: Lookup | Q): Promise<T> {
  // Two results are enough to tell one from many.
  const users = await manager.query(lookup).slice(0, 2).toArray()
  if (users.length === 0) throw new DoesNotExist('User Does Not Exist')
  if (users.length > 1) throw new MultipleObjectsReturned('User.get returned multiple users')
  return users[0]!
}

function exactlyOne<T extends AnyUser>(manager: Manager<T>, records: Attributes[]): T {
  if (records.length === 0) throw new DoesNotExist('User Does Not Exist')
  if (records.length > 1) throw new MultipleObjectsReturned('User.get returned multiple users')
  return manager.hydrate(records[0]!)
}

async function findOne<T extends AnyUser>(
  manager: Manager<T>,
  lookup: Lookup,
): Promise<T | undefined> {
  try {
    return await getUser(manager, lookup)
  } catch (error) {
    if (error instanceof DoesNotExist) return undefined
    throw error
  }
}

/**
 * Creates from lookup ∪ defaults. When another writer won the race (409), or Auth0's answer
 * was lost (5xx, reset, timeout: the create may or may not have happened), looks the user up
 * again (search may lag a moment) instead of failing; a lost create that left no user is sent
 * again. A user found after a lost answer is reported as not created: who created it cannot
 * be known.
 */
async function createOrFind<T extends AnyUser>(
  manager: Manager<T>,
  Model: ModelClass<T>,
  lookup: Lookup,
  defaults: UserFields<object, object>,
): Promise<[T, boolean]> {
  const fields = mergeFields(fieldsFromLookup(lookup), defaults)
  for (let attempt = 1; ; attempt++) {
    try {
      return [await createUser(Model, fields), true]
    } catch (error) {
      const conflict = error instanceof Auth0Error && error.statusCode === 409
      if (!conflict && !outcomeUnknown(error)) throw error
      const found = await lookAgain(manager, lookup)
      if (found) return [found, false]
      // A 409 from a user this lookup does not match (same e-mail, other fields) stands.
      if (conflict || attempt >= CREATE_ATTEMPTS) throw error
    }
  }
}

/** After a conflict: the winner's user, waiting out the search index's lag where it applies. */
async function lookAgain<T extends AnyUser>(
  manager: Manager<T>,
  lookup: Lookup,
): Promise<T | undefined> {
  const immediate = Object.keys(lookup).every((key) => key === 'email' || key === 'user_id')
  for (const delay of immediate ? [0] : [0, ...CONFLICT_RETRY_DELAYS_MS]) {
    if (delay > 0) await sleep(delay)
    const found = await findOne(manager, lookup)
    if (found) return found
  }
  return undefined
}

/** No answer, or a server error: the request may have been applied. */
function outcomeUnknown(error: unknown): boolean {
  if (error instanceof NetworkError) return true
  return error instanceof Auth0Error && error.statusCode >= 500
}

function splitDefaults(args: LookupArgs): {
  defaults: UserFields<object, object>
  lookup: Lookup
} {
  if (typeof args !== 'object' || args === null) {
    throw new InvalidArgument('Pass a lookup object, with optional defaults.')
  }
  const { defaults = {}, ...lookup } = args
  if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) {
    throw new InvalidArgument('defaults must be an object of user attributes.')
  }
  return { defaults: defaults as UserFields<object, object>, lookup: lookup as Lookup }
}

/** Writes `defaults` onto a fetched user; metadata merges one level deep, as Auth0's PATCH does. */
function applyDefaults<T extends AnyUser>(user: T, defaults: UserFields<object, object>): T {
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

function checkId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id === '') {
    throw new InvalidArgument(
      `A user id is a non-empty string, got ${JSON.stringify(id) ?? String(id)}.`,
    )
  }
}
