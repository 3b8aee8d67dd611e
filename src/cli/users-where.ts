import { LOOKUP_SUFFIXES, Q, type LookupSuffix } from '../index.js'
import { parseAssignment } from './users-assignment.js'
import { typedValue } from './users-field-types.js'
import { UsageError } from './usage-error.js'

/**
 * One `--where`/`--exclude` flag as a Q. Keys are the library's lookup keys (dotted or
 * Django-style, with `__in`, `__gte`, `__range`, `__exists`...); the library validates them, so
 * a bad key fails here, before any request. Lists (`__in`, `__range`) are comma-separated;
 * use `key:=["a,b","c"]` when a value holds a comma.
 *
 * @example
 * String(whereQ('logins_count__gte=5', '--where'))     // logins_count:[5 TO *]
 * String(whereQ('email__in=a@x.io,b@x.io', '--where')) // email:("a@x.io" OR "b@x.io")
 */
export function whereQ(text: string, flag: string): Q {
  const { key, value, json } = parseAssignment(text, flag)
  const { field, suffix } = splitKey(key)
  const lookupValue = json ? value : textValue(field, suffix, value as string, `${flag} ${key}`)
  return Q({ [key]: lookupValue } as Parameters<typeof Q>[0])
}

function textValue(field: string, suffix: string | undefined, text: string, what: string) {
  switch (suffix) {
    case 'exists':
      if (text === 'true' || text === 'false') return text === 'true'
      throw new UsageError(`${what} takes true or false.`)
    case 'in':
      return text.split(',').map((part) => typedValue(field, part.trim(), what))
    case 'range': {
      const parts = text.split(',').map((part) => part.trim())
      if (parts.length !== 2) throw new UsageError(`${what} takes FROM,TO (both inclusive).`)
      return parts.map((part) => typedValue(field, part, what))
    }
    case 'exact':
      return text
    default:
      return typedValue(field, text, what)
  }
}

/** `user_metadata__age__gte` → field `user_metadata.age`, suffix `gte`. */
function splitKey(key: string): { field: string; suffix: string | undefined } {
  const cut = key.lastIndexOf('__')
  const tail = cut > 0 ? key.slice(cut + 2) : ''
  const suffix = LOOKUP_SUFFIXES.has(tail as LookupSuffix) ? tail : undefined
  const path = suffix ? key.slice(0, cut) : key
  return { field: path.split('__').join('.'), suffix }
}
