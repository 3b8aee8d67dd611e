import lucene from 'lucene'
import { InvalidLookup } from '../errors.js'

/** Longer raw queries are refused: Auth0 caps the request line well below this anyway. */
const MAX_RAW_LENGTH = 4096

/**
 * Checks caller-written lucene before it becomes part of a query. It must parse on its own:
 * `user_id:x) OR email:theirs OR (user_id:x` does not, and accepting it would let the raw text
 * close the parentheses it is wrapped in and escape the connection scope ANDed after it.
 *
 * @example
 * checkRawLucene('name:"jane smith"~2') // fine
 * checkRawLucene('a:1) OR (b:2')        // throws InvalidLookup, before any request
 */
export function checkRawLucene(text: string): void {
  if (text.length > MAX_RAW_LENGTH) {
    throw new InvalidLookup(`Q.raw: the lucene is longer than ${MAX_RAW_LENGTH} characters.`)
  }
  if (text.trim() === '') return
  try {
    lucene.parse(text)
  } catch (error) {
    const at = (error as { location?: { start?: { column?: number } } }).location?.start?.column
    const where = at === undefined ? '' : ` at column ${at}`
    throw new InvalidLookup(
      `Q.raw: the lucene does not parse${where} (unbalanced parentheses or quotes, or a stray operator).`,
    )
  }
}
