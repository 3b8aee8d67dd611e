import { UsageError } from './usage-error.js'

/**
 * The root fields Auth0 indexes with a type other than text (auth0-api.md §2). A flag value
 * for one of them is converted, so `--where blocked=true` searches the boolean, not the word;
 * every other field (metadata included) takes the text as written, `key:=json` for other types.
 */
const BOOLEAN_FIELDS: ReadonlySet<string> = new Set(['blocked', 'email_verified', 'phone_verified'])
const NUMBER_FIELDS: ReadonlySet<string> = new Set(['logins_count'])

/**
 * Converts a flag's text for `field` (a dotted path): booleans and numbers on the typed
 * root fields, text everywhere else.
 *
 * @example
 * typedValue('logins_count', '5', '--where')       // 5
 * typedValue('user_metadata.age', '5', '--where')  // '5' (metadata: use age:=5 for the number)
 */
export function typedValue(field: string, text: string, flag: string): string | number | boolean {
  if (BOOLEAN_FIELDS.has(field)) {
    if (text === 'true' || text === 'false') return text === 'true'
    throw new UsageError(`${flag} ${field} takes true or false, got ${JSON.stringify(text)}.`)
  }
  if (NUMBER_FIELDS.has(field)) {
    const n = Number(text)
    if (text.trim() === '' || !Number.isFinite(n)) {
      throw new UsageError(`${flag} ${field} takes a number, got ${JSON.stringify(text)}.`)
    }
    return n
  }
  return text
}
