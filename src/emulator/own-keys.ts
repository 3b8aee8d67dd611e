/**
 * Prototype-safe access to objects whose keys come from outside (bodies, query strings, the data
 * file). A key such as `__proto__`, `constructor` or `hasOwnProperty` must never read through to,
 * nor write into, a prototype: reads look at own properties only, writes define own properties.
 */

/** The one key JSON can carry that turns an assignment into a prototype change. */
export const PROTO_KEY = '__proto__'

type Bag = Record<string, unknown>

/** `node[key]` when `node` is an object holding `key` itself; undefined otherwise. */
export function ownValue(node: unknown, key: string): unknown {
  if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined
  return (node as Bag)[key]
}

/**
 * The value at a dotted path, through own properties only (what lodash `get` does, minus the
 * prototype chain: `constructor.name` is not `"Object"` here).
 */
export function ownPath(node: unknown, path: string): unknown {
  let value = node
  for (const key of path.split('.')) {
    value = ownValue(value, key)
    if (value === undefined) return undefined
  }
  return value
}

/** Sets `target[key] = value` as an own data property, even for `__proto__`. */
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

/** True when `value` holds a `__proto__` key anywhere (objects and arrays, iteratively). */
export function hasProtoKey(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const item = stack.pop()
    if (item === null || typeof item !== 'object') continue
    if (!Array.isArray(item) && Object.hasOwn(item, PROTO_KEY)) return true
    for (const child of Object.values(item)) stack.push(child)
  }
  return false
}
