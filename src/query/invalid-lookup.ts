import { InvalidLookup } from '../errors.js'

/**
 * An {@link InvalidLookup} whose message names the key the caller wrote, then says why.
 *
 * @example
 * invalidLookup('email__in', 'an empty list matches nothing')
 * // → InvalidLookup: Invalid lookup "email__in": an empty list matches nothing
 */
export function invalidLookup(key: string, why: string): InvalidLookup {
  return new InvalidLookup(`Invalid lookup "${key}": ${why}`)
}
