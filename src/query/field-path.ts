import type { InvalidLookup } from '../errors.js'
import { invalidLookup } from './invalid-lookup.js'

/** The lookup suffixes the builder understands (`email__in`, `logins_count__gte`, ...). */
export type Suffix = 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'range' | 'exists' | 'exact'

/** A lookup key, resolved: the dotted Auth0 field, its root and the suffix, if any. */
export interface FieldPath {
  /** The key as the caller wrote it, for error messages. */
  readonly key: string
  /** The dotted field as Auth0 names it, e.g. `user_metadata.family_name`. */
  readonly field: string
  /** The first segment, e.g. `user_metadata`. */
  readonly root: string
  readonly suffix: Suffix | undefined
}

/** Every lookup suffix, for tools that split keys themselves (the CLI's `--where`). */
export const LOOKUP_SUFFIXES: ReadonlySet<Suffix> = new Set<Suffix>([
  'in',
  'gt',
  'gte',
  'lt',
  'lte',
  'range',
  'exists',
  'exact',
])

/** Auth0's searchable root fields (auth0-api.md §2). */
const ROOT_FIELDS: ReadonlySet<string> = new Set([
  'app_metadata',
  'blocked',
  'created_at',
  'email',
  'email_verified',
  'family_name',
  'given_name',
  'identities',
  'last_ip',
  'last_login',
  'logins_count',
  'name',
  'nickname',
  'organization_id',
  'phone_number',
  'phone_verified',
  'updated_at',
  'user_id',
  'user_metadata',
  'username',
])

// Only these roots hold objects whose keys are the tenant's own, so only they take free paths.
const FREE_FORM_ROOTS: ReadonlySet<string> = new Set([
  'user_metadata',
  'app_metadata',
  'identities',
])

// Django lookups people will reach for; without this `user_metadata__name__contains` would
// silently search a metadata key called `contains`.
const DJANGO_HINTS: Readonly<Record<string, string>> = {
  contains: "use a wildcard value, e.g. { name: '*smith*' }",
  icontains: "use a wildcard value, e.g. { name: '*smith*' }",
  startswith: "use a wildcard value, e.g. { name: 'jo*' }",
  istartswith: "use a wildcard value, e.g. { name: 'jo*' }",
  endswith: "use a wildcard value, e.g. { name: '*son' }",
  iendswith: "use a wildcard value, e.g. { name: '*son' }",
  iexact:
    'email, name, given_name, family_name and nickname already match case-insensitively; other fields are case-sensitive in Auth0',
  isnull: 'use __exists: true or __exists: false',
  ne: 'use .not() on the Q, or exclude() on the query set',
  regex: 'Auth0 search has no regular expressions; use a wildcard value',
  iregex: 'Auth0 search has no regular expressions; use a wildcard value',
}

// Metadata keys are emitted as field names unescaped, so keep them to characters every Lucene
// parser reads as part of a field name.
const SEGMENT = /^[\p{L}\p{M}\p{N}_-]+$/u

const SUFFIX_LIST = [...LOOKUP_SUFFIXES].map((suffix) => `__${suffix}`).join(', ')

/**
 * Resolve a lookup key, dotted or Django-style, to an Auth0 field and a suffix.
 *
 * @example
 * parseFieldPath('user_metadata__family_name__in')
 * // → { field: 'user_metadata.family_name', root: 'user_metadata', suffix: 'in', ... }
 */
export function parseFieldPath(key: string): FieldPath {
  let path = key
  let suffix: Suffix | undefined
  const cut = key.lastIndexOf('__')
  if (cut > 0) {
    const tail = key.slice(cut + 2)
    const hint = DJANGO_HINTS[tail]
    if (LOOKUP_SUFFIXES.has(tail as Suffix)) {
      suffix = tail as Suffix
      path = key.slice(0, cut)
    } else if (hint !== undefined) {
      throw invalidLookup(
        key,
        `"__${tail}" is not a lookup suffix here; ${hint}. (A metadata key named "${tail}" is written with a dot.)`,
      )
    }
  }
  const segments = path.split('.').flatMap((part) => part.split('__'))
  const root = segments[0] ?? ''
  const rest = segments.slice(1)
  if (segments.some((segment) => segment === '')) {
    throw invalidLookup(key, 'the field path has an empty segment (a stray ".", "__" or "___")')
  }
  if (!ROOT_FIELDS.has(root)) {
    throw unknownField(key, path)
  }
  if (FREE_FORM_ROOTS.has(root)) {
    const bad = rest.find((segment) => !SEGMENT.test(segment))
    if (bad !== undefined) {
      throw invalidLookup(
        key,
        `the key "${bad}" has characters that cannot be written in a Lucene field name (letters, digits, "_" and "-" can); write the query with Q.raw('...')`,
      )
    }
  } else if (rest.length > 0 && !(root === 'email' && rest.join('.') === 'domain')) {
    throw unknownField(key, path)
  }
  return Object.freeze({ key, field: segments.join('.'), root, suffix })
}

function unknownField(key: string, path: string): InvalidLookup {
  return invalidLookup(
    key,
    `"${path.split('__').join('.')}" is not a field Auth0 can search, and the suffixes are ${SUFFIX_LIST}. ` +
      'Searchable: the root user fields, email.domain, organization_id, and any path under ' +
      "user_metadata, app_metadata or identities. For anything else write the lucene with Q.raw('...')",
  )
}
