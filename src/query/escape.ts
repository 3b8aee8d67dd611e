/**
 * Lucene escaping for the three places a value can sit in a `q` string: a quoted phrase, an
 * unquoted term and a range bound. Each function only escapes; whether a value can be written
 * there at all is decided by the callers (see `lookup-value.ts`).
 */

// The Lucene 2.9 specials Auth0 documents, plus `/` (regex delimiters in newer parsers), `&` and
// `|` one by one (so `&&`/`||` can never form), and the space, which would end the term.
const TERM_SPECIALS = /[+\-&|!(){}[\]^"~*?:\\/ ]/g

// Inside `[a TO b]` real Lucene ends a bound only at whitespace, `]` or `}` and then drops every
// escape, while the `lucene` npm parser (the emulator's) stops at the characters below unless
// they are escaped. `*` is escaped so that a literal `*` is never read as an open end.
const RANGE_SPECIALS = /[(){}[^"~*\\/]/g

/**
 * Quote a value as a Lucene phrase: only `\` and `"` need escaping between the quotes.
 *
 * @example
 * quotePhrase('say "hi"') // → "say \"hi\""
 */
export function quotePhrase(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`
}

/**
 * Escape every Lucene special (including `*`) and the space, for an unquoted term.
 *
 * @example
 * escapeTerm('a b-c*') // → a\ b\-c\*
 */
export function escapeTerm(value: string): string {
  return value.replace(TERM_SPECIALS, '\\$&')
}

/**
 * Escape the literal parts of a wildcard value, keeping its `*` as wildcards.
 *
 * @example
 * escapeWildcard('jo (x)*') // → jo\ \(x\)*
 */
export function escapeWildcard(value: string): string {
  return value.split('*').map(escapeTerm).join('*')
}

/**
 * Escape a range bound so both real Lucene and the `lucene` npm parser read it back intact.
 * Whitespace, `]` and `}` cannot be escaped there at all; callers refuse them first.
 *
 * @example
 * escapeRangeBound('2024-01-01T00:00:00.000Z') // → 2024-01-01T00:00:00.000Z (unchanged)
 */
export function escapeRangeBound(value: string): string {
  return value.replace(RANGE_SPECIALS, '\\$&')
}
