import { queryError } from './search-query-error.js'

const CONJUNCTIONS = new Set(['AND', 'OR', '&&', '||'])

/**
 * Refuses dangling or doubled boolean operators (`AND`, `name:x OR`, `a AND AND b`, `NOT NOT a`,
 * `(a AND)`). Lucene rejects them, but the `lucene` parser silently drops or misreads them
 * (`a NOT NOT c` comes back as `a NOT c`), which would change the meaning of the query.
 *
 * @example
 * ```ts
 * assertOperatorsPlaced('name:jane AND')  // throws: misplaced operator "AND"
 * ```
 */
export function assertOperatorsPlaced(q: string): void {
  const tokens = tokenize(q)
  tokens.forEach((token, i) => {
    const before = tokens[i - 1]?.text
    const after = tokens[i + 1]?.text
    const isConjunction = CONJUNCTIONS.has(token.text)
    if (!isConjunction && token.text !== 'NOT') return
    const missingBefore =
      isConjunction && (before === undefined || before === '(' || isOperator(before))
    const missingAfter =
      after === undefined ||
      after === ')' ||
      CONJUNCTIONS.has(after) ||
      (token.text === 'NOT' && after === 'NOT')
    if (missingBefore || missingAfter) {
      throw queryError(
        `syntax error at column ${token.column}: misplaced operator "${token.text}".`,
      )
    }
  })
}

function isOperator(text: string): boolean {
  return CONJUNCTIONS.has(text) || text === 'NOT'
}

/** Whitespace-separated words and parentheses; phrases, ranges and escapes stay inside words. */
function tokenize(q: string): { text: string; column: number }[] {
  const tokens: { text: string; column: number }[] = []
  let text = ''
  let column = 0
  const flush = () => {
    if (text !== '') tokens.push({ text, column })
    text = ''
  }
  for (let i = 0; i < q.length; i++) {
    const char = q[i]!
    if (/\s/.test(char)) {
      flush()
      continue
    }
    if (text === '') column = i + 1
    if (char === '(' || char === ')') {
      flush()
      tokens.push({ text: char, column: i + 1 })
      continue
    }
    const end =
      char === '\\'
        ? i + 1
        : char === '"'
          ? closing(q, i, '"')
          : char === '[' || char === '{'
            ? closing(q, i, ']}')
            : i
    text += q.slice(i, end + 1)
    i = end
  }
  flush()
  return tokens
}

/** Index of the first unescaped character of `ends` after `from` (or the last index). */
function closing(q: string, from: number, ends: string): number {
  for (let i = from + 1; i < q.length; i++) {
    if (q[i] === '\\') i++
    else if (ends.includes(q[i]!)) return i
  }
  return q.length - 1
}
