/**
 * A term's text after unescaping: the literal runs between unescaped `*` wildcards.
 * `parts.length === 1` means no wildcard.
 */
export interface TermText {
  readonly parts: readonly string[]
  /** An unescaped `?` was seen (Auth0 refuses it). */
  readonly hasQuestionMark: boolean
}

/**
 * Splits a raw term as the `lucene` parser returns it (escapes kept, e.g. `a\\*b`). In a phrase
 * every character is literal; outside one, `\x` is the literal `x` and a bare `*` is a wildcard.
 *
 * @example
 * ```ts
 * parseTermText('jane*smith', false).parts  // ['jane', 'smith']
 * parseTermText('5\\*', false).parts         // ['5*']
 * parseTermText('a*b', true).parts           // ['a*b']
 * ```
 */
export function parseTermText(raw: string, quoted: boolean): TermText {
  const parts: string[] = []
  let current = ''
  let hasQuestionMark = false
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i]!
    if (char === '\\' && i + 1 < raw.length) {
      current += raw[++i]
    } else if (char === '*' && !quoted) {
      parts.push(current)
      current = ''
    } else {
      if (char === '?' && !quoted) hasQuestionMark = true
      current += char
    }
  }
  parts.push(current)
  return { parts, hasQuestionMark }
}

/** Unescapes `\x` → `x` (field names, range bounds, `_exists_` targets). */
export function unescapeTerm(raw: string): string {
  return raw.replace(/\\(.)/gs, '$1')
}
