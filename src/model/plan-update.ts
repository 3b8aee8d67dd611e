import isEqual from 'lodash/isEqual.js'
import { InvalidArgument } from '../errors.js'
import {
  METADATA_FIELDS,
  NEEDS_CONNECTION,
  SERVER_FIELDS,
  TAKES_CLIENT_ID,
  UPDATE_FIELDS,
} from './user-attributes.js'

type Attributes = Record<string, unknown>

export interface UpdateContext {
  password: string | undefined
  connection: string | undefined
  clientId: string | undefined
}

/**
 * The PATCH bodies that bring the tenant from `snapshot` (what it last told us) to `current`
 * (the instance's attributes). Empty when nothing changed: `{}` is never sent, because Auth0
 * reads an empty metadata object as "clear it".
 *
 * Auth0 refuses some pairs in one PATCH (`Cannot update password and email simultaneously`),
 * so the password goes alone first, then a username that travels with email or
 * email_verified, then everything else.
 *
 * @example
 * planUpdate({ email: 'a@x.io' }, { email: 'b@x.io' }, { password: 'n3w!', connection: 'db', clientId: undefined })
 * // [{ password: 'n3w!', connection: 'db' }, { email: 'b@x.io', connection: 'db' }]
 */
export function planUpdate(
  snapshot: Attributes,
  current: Attributes,
  context: UpdateContext,
): Attributes[] {
  const changes = diff(snapshot, current)
  if (context.password !== undefined) changes.password = context.password

  const groups: Attributes[] = []
  const take = (names: string[]) => {
    const group: Attributes = {}
    for (const name of names) {
      if (name in changes) {
        group[name] = changes[name]
        delete changes[name]
      }
    }
    groups.push(group)
  }
  const has = (...names: string[]) => names.some((name) => name in changes)

  if (has('password') && has('email', 'email_verified', 'username')) take(['password'])
  if (has('username') && has('email', 'email_verified')) take(['username'])
  if (Object.keys(changes).length > 0) groups.push(changes)

  return groups.map((group) => withModifiers(group, context))
}

function withModifiers(body: Attributes, { connection, clientId }: UpdateContext): Attributes {
  const names = Object.keys(body)
  const result = { ...body }
  if (names.some((name) => NEEDS_CONNECTION.has(name))) {
    if (!connection) {
      throw new InvalidArgument(
        `Changing ${names.join(', ')} needs the user's connection; none is known (set defaultConnection).`,
      )
    }
    result.connection = connection
  }
  if (clientId && names.some((name) => TAKES_CLIENT_ID.has(name))) result.client_id = clientId
  return result
}

/** Root attributes that differ, with metadata reduced to the first-level keys that changed. */
function diff(snapshot: Attributes, current: Attributes): Attributes {
  const changes: Attributes = {}
  const names = new Set([...Object.keys(snapshot), ...Object.keys(current)])
  for (const name of names) {
    const before = snapshot[name]
    const after = current[name]
    if (isEqual(before, after)) continue
    if (!UPDATE_FIELDS.has(name)) {
      const why = SERVER_FIELDS.has(name)
        ? 'Auth0 sets it'
        : 'Auth0 does not store it on users; keep custom data in user_metadata'
      throw new InvalidArgument(`Cannot save '${name}': ${why}.`)
    }
    if (METADATA_FIELDS.has(name)) {
      const merge = metadataChanges(before, after, name)
      if (merge !== undefined) changes[name] = merge
    } else {
      // Auth0 unsets a root attribute given `null`.
      changes[name] = after === undefined ? null : after
    }
  }
  return changes
}

/** The first-level merge that turns `before` into `after`: changed keys, removed keys as null. */
function metadataChanges(before: unknown, after: unknown, name: string): Attributes | undefined {
  if (after === undefined || after === null) {
    // An empty object is Auth0's way to clear the whole metadata.
    return isEmptyObject(before) ? undefined : {}
  }
  if (!isPlainObject(after)) throw new InvalidArgument(`${name} must be a plain object.`)
  const old = isPlainObject(before) ? before : {}
  const merge: Attributes = {}
  for (const key of new Set([...Object.keys(old), ...Object.keys(after)])) {
    if (isEqual(old[key], after[key])) continue
    merge[key] = after[key] === undefined ? null : after[key]
  }
  return Object.keys(merge).length > 0 ? merge : undefined
}

function isPlainObject(value: unknown): value is Attributes {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isEmptyObject(value: unknown): boolean {
  return !isPlainObject(value) || Object.keys(value).length === 0
}
