import set from 'lodash/set.js'
import { parseFieldPath } from '../query/field-path.js'
import type { Lookup } from '../query/q.js'
import { CREATE_FIELDS } from './user-attributes.js'
import type { UserFields } from './user-attributes.js'

type Attributes = Record<string, unknown>
type Fields = UserFields<object, object>

/**
 * The attributes a lookup pins down exactly, for `getOrCreate` to create the user it did
 * not find: `{ email: 'a@x.io', user_metadata__band: 'AC/DC' }` gives
 * `{ email: 'a@x.io', user_metadata: { band: 'AC/DC' } }`. Wildcards, ranges and the like
 * describe many values, so they are left out; `identities.connection` picks the connection.
 */
export function fieldsFromLookup(lookup: Lookup): Fields {
  const fields: Attributes = {}
  for (const [key, value] of Object.entries(lookup)) {
    const { field, root, suffix } = parseFieldPath(key)
    if (suffix !== undefined && suffix !== 'exact') continue
    if (suffix === undefined && typeof value === 'string' && value.includes('*')) continue
    if (root === 'user_metadata' || root === 'app_metadata') {
      if (field !== root) set(fields, field.split('.'), value)
    } else if (field === 'identities.connection') {
      fields.connection = value
    } else if (field === root && CREATE_FIELDS.has(root)) {
      fields[root] = value
    }
  }
  return fields as Fields
}

/** `defaults` over `base`, metadata merged one level deep. */
export function mergeFields(base: Fields, defaults: Fields): Fields {
  const merged: Attributes = { ...base }
  for (const [key, value] of Object.entries(defaults)) {
    const isMetadata = key === 'user_metadata' || key === 'app_metadata'
    merged[key] = isMetadata
      ? { ...(merged[key] as object | undefined), ...(value as object) }
      : value
  }
  return merged as Fields
}
