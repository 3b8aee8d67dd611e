import { ownValue } from '../own-keys.js'
import type { FieldSpec } from './field-catalog.js'

/** A scalar as Elasticsearch would index it. */
export type Leaf = string | number | boolean

/** Tests one indexed leaf value. */
export type LeafTest = (value: Leaf) => boolean

/**
 * True when `test` accepts any indexed leaf at the field's path. Arrays are transparent at every
 * level (a value matches any element; `user_metadata.addresses.city` reaches into each address),
 * null and objects are never leaves. Recursion instead of collecting values keeps evaluation
 * allocation-free and lets the first hit short-circuit.
 */
export function someLeaf(user: Record<string, unknown>, field: FieldSpec, test: LeafTest): boolean {
  if (field.emailDomain) {
    const domain = emailDomain(user['email'])
    return domain !== undefined && test(domain)
  }
  return walk(user, field.path, 0, test)
}

function walk(node: unknown, path: readonly string[], depth: number, test: LeafTest): boolean {
  if (node === null || node === undefined) return false
  if (Array.isArray(node)) {
    for (const element of node) if (walk(element, path, depth, test)) return true
    return false
  }
  if (depth === path.length) return typeof node === 'object' ? false : test(node as Leaf)
  if (typeof node !== 'object') return false
  // Own keys only: `user_metadata.hasOwnProperty` must not reach Object.prototype.
  return walk(ownValue(node, path[depth]!), path, depth + 1, test)
}

/**
 * `_exists_` semantics: the path holds at least one indexed scalar. Empty arrays, empty objects and
 * null are not indexed, so they do not count (spec §2); an object counts through its descendants.
 */
export function fieldExists(user: Record<string, unknown>, field: FieldSpec): boolean {
  if (field.emailDomain) return emailDomain(user['email']) !== undefined
  return reach(user, field.path, 0)
}

function reach(node: unknown, path: readonly string[], depth: number): boolean {
  if (node === null || node === undefined) return false
  if (Array.isArray(node)) {
    for (const element of node) if (reach(element, path, depth)) return true
    return false
  }
  if (depth === path.length) return holdsScalar(node)
  if (typeof node !== 'object') return false
  return reach(ownValue(node, path[depth]!), path, depth + 1)
}

function holdsScalar(node: unknown): boolean {
  if (node === null || node === undefined) return false
  if (Array.isArray(node)) return node.some(holdsScalar)
  if (typeof node === 'object') return Object.values(node).some(holdsScalar)
  return true
}

/** The part after the last `@`, lower-cased; undefined when there is no usable email. */
function emailDomain(email: unknown): string | undefined {
  if (typeof email !== 'string') return undefined
  const at = email.lastIndexOf('@')
  return at < 0 || at === email.length - 1 ? undefined : email.slice(at + 1).toLowerCase()
}
