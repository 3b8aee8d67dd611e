// A field name as Auth0 spells them, dots included (`user_metadata.plan`, `_exists_`).
const FIELD = String.raw`[\p{L}\p{N}_][\p{L}\p{M}\p{N}_.\-]*`
const PHRASE = String.raw`"(?:[^"\\]|\\.)*"`
const BOUND = String.raw`(?:[^\s\]}\\]|\\.)+`
const RANGE = String.raw`[\[{]${BOUND} TO ${BOUND}[\]}]`
// No leading `+ - !` (they change what the clause means inside an OR), no whitespace, no
// `&`/`|` (operators), and nothing that starts a group, regex, boost or fuzzy modifier.
const TERM = String.raw`(?:[^\s\\:"()[\]{}^~/+\-!&|]|\\.)(?:[^\s\\:"()[\]{}^~/&|]|\\.)*`

// `(?!NOT)`: after AND/OR the `lucene` npm parser misreads a clause starting NOT (`a OR NOTE:x`).
const SINGLE_CLAUSE = new RegExp(`^(?!NOT)${FIELD}:(?:${PHRASE}|${RANGE}|${TERM})$`, 'u')

/**
 * Whether raw lucene is one plain `field:value` clause, which needs no parentheses when it is
 * combined. Deliberately strict: anything it does not recognise is parenthesised instead.
 *
 * @example
 * isSingleClause('logins_count:[10 TO *]') // → true
 * isSingleClause('a:1 OR b:2') // → false
 */
export function isSingleClause(text: string): boolean {
  return SINGLE_CLAUSE.test(text)
}
