import { queryError } from './search-query-error.js'

/**
 * How a field's values are indexed. `dynamic` = metadata and identity sub-fields, whose type is
 * whatever JSON value is stored (Elasticsearch dynamic mapping).
 */
export type FieldKind = 'text' | 'number' | 'boolean' | 'date' | 'object' | 'dynamic'

/** A resolved, searchable field. */
export interface FieldSpec {
  /** The name as written in the query, used in error messages. */
  readonly name: string
  /** Property path inside the user record. */
  readonly path: readonly string[]
  readonly kind: FieldKind
  /** Auth0 compares these values case-insensitively (spec §2 "Case"). */
  readonly caseInsensitive: boolean
  /** Set for `user_metadata.*` / `app_metadata.*` (and the roots themselves). */
  readonly metadata: 'user_metadata' | 'app_metadata' | undefined
  /** `email.domain` is computed from `email`, not stored. */
  readonly emailDomain: boolean
}

const CASE_INSENSITIVE = new Set(['email', 'name', 'given_name', 'family_name', 'nickname'])

// The profile attributes marked "search" in Auth0's user-profile structure page, plus
// organization_id (spec §2). picture, multifactor and last_password_reset are not searchable.
const ROOT_KINDS: Readonly<Record<string, FieldKind>> = {
  user_id: 'text',
  email: 'text',
  name: 'text',
  given_name: 'text',
  family_name: 'text',
  nickname: 'text',
  username: 'text',
  phone_number: 'text',
  last_ip: 'text',
  organization_id: 'text',
  email_verified: 'boolean',
  phone_verified: 'boolean',
  blocked: 'boolean',
  logins_count: 'number',
  created_at: 'date',
  updated_at: 'date',
  last_login: 'date',
  identities: 'object',
  app_metadata: 'object',
  user_metadata: 'object',
}

/** Root fields a term without a field name searches (never metadata, spec §2). */
export const DEFAULT_FIELDS: readonly string[] = [
  'user_id',
  'email',
  'name',
  'given_name',
  'family_name',
  'nickname',
  'username',
  'phone_number',
]

/**
 * Resolves a dotted field name to its spec; throws for a name Auth0 does not index.
 *
 * @example
 * ```ts
 * resolveField('email.domain') // { kind: 'text', caseInsensitive: true, emailDomain: true, ... }
 * resolveField('picture')      // throws: unknown field "picture".
 * ```
 */
export function resolveField(name: string): FieldSpec {
  const path = name.split('.')
  const root = path[0] ?? ''
  const rootKind = Object.hasOwn(ROOT_KINDS, root) ? ROOT_KINDS[root] : undefined
  if (name === 'email.domain') {
    return {
      name,
      path: ['email'],
      kind: 'text',
      caseInsensitive: true,
      metadata: undefined,
      emailDomain: true,
    }
  }
  if (rootKind === undefined || path.some((segment) => segment === '')) {
    throw queryError(`unknown field "${name}".`)
  }
  const metadata = root === 'user_metadata' || root === 'app_metadata' ? root : undefined
  if (path.length === 1) {
    return {
      name,
      path,
      kind: rootKind,
      caseInsensitive: CASE_INSENSITIVE.has(root),
      metadata,
      emailDomain: false,
    }
  }
  if (rootKind !== 'object') throw queryError(`unknown field "${name}".`)
  return { name, path, kind: 'dynamic', caseInsensitive: false, metadata, emailDomain: false }
}
