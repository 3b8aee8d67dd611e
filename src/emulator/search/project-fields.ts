import { ownValue, setOwn } from '../own-keys.js'

type User = Record<string, unknown>

/**
 * Auth0's `fields` / `include_fields` projection. With `includeFields` only the listed fields are
 * kept — nothing is added implicitly, not even `user_id`; otherwise the listed fields are removed.
 * An absent or empty list returns every field. Names are usually top-level (`email`), but a dotted
 * name (`user_metadata.plan`, `identities.connection`) selects inside objects and, through arrays,
 * inside each element. Unknown names are ignored. The input is never mutated. Only own
 * properties are followed and every key is written as an own property, so a name such as
 * `user_metadata.__proto__.x` or `constructor` can neither read nor change a prototype.
 *
 * @example
 * ```ts
 * projectFields(user, ['user_id', 'email'], true)   // { user_id, email }
 * projectFields(user, ['identities'], false)        // everything but identities
 * ```
 */
export function projectFields(
  user: User,
  fields: string[] | undefined,
  includeFields: boolean,
): User {
  const names = (fields ?? []).map((name) => name.trim()).filter((name) => name !== '')
  if (names.length === 0) return { ...user }
  if (!includeFields)
    return names.reduce<User>((acc, name) => omitPath(acc, name.split('.')) as User, user)
  const result: User = {}
  for (const name of names) {
    const picked = pickPath(user, name.split('.'))
    if (picked !== undefined) mergeInto(result, picked as User)
  }
  return result
}

/** The value at `path`, rebuilt with only that path kept; undefined when absent. */
function pickPath(node: unknown, path: readonly string[]): unknown {
  if (path.length === 0) return node
  if (Array.isArray(node)) return node.map((element) => pickPath(element, path) ?? {})
  if (node === null || typeof node !== 'object' || !Object.hasOwn(node, path[0]!)) return undefined
  const inner = pickPath(ownValue(node, path[0]!), path.slice(1))
  if (inner === undefined) return undefined
  const picked: User = {}
  setOwn(picked, path[0]!, inner)
  return picked
}

/** Deep-merges `source` into `target`; arrays merge element by element (two dotted picks). */
function mergeInto(target: User | unknown[], source: User | unknown[]): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = ownValue(target, key)
    if (
      isContainer(existing) &&
      isContainer(value) &&
      Array.isArray(existing) === Array.isArray(value)
    ) {
      mergeInto(existing, value)
    } else {
      setOwn(target, key, value)
    }
  }
}

/** A copy of `node` without `path`; only the objects along the path are copied. */
function omitPath(node: unknown, path: readonly string[]): unknown {
  if (Array.isArray(node)) return node.map((element) => omitPath(element, path))
  if (node === null || typeof node !== 'object' || !Object.hasOwn(node, path[0]!)) return node
  const copy: User = { ...(node as User) }
  if (path.length === 1) delete copy[path[0]!]
  else setOwn(copy, path[0]!, omitPath(ownValue(copy, path[0]!), path.slice(1)))
  return copy
}

function isContainer(value: unknown): value is User | unknown[] {
  return value !== null && typeof value === 'object'
}
