import lucene from 'lucene'

/**
 * Rewrites quoted range bounds into escaped ones, because the `lucene` parser rejects
 * `created_at:["2024-01-01T00:00:00.000Z" TO *]` although Lucene (and Auth0) accept it.
 * Phrases outside ranges and escaped characters are copied untouched; a quoted `"*"` bound
 * becomes `\*`, a literal star rather than an open end.
 *
 * @example
 * ```ts
 * escapeQuotedRangeBounds('a:["x y" TO *]') // 'a:[x\\ y TO *]'
 * ```
 */
export function escapeQuotedRangeBounds(q: string): string {
  if (!q.includes('"')) return q
  let out = ''
  let inRange = false
  for (let i = 0; i < q.length; i++) {
    const char = q[i]!
    if (char === '\\') {
      out += q.slice(i, i + 2)
      i++
    } else if (char === '"') {
      const end = closingQuote(q, i + 1)
      const body = q.slice(i + 1, end)
      out += inRange ? lucene.term.escape(body.replace(/\\(.)/gs, '$1')) : q.slice(i, end + 1)
      i = end
    } else {
      if (char === '[' || char === '{') inRange = true
      else if (char === ']' || char === '}') inRange = false
      out += char
    }
  }
  return out
}

/** Index of the unescaped `"` closing a phrase that starts at `from` (or the end of the string). */
function closingQuote(q: string, from: number): number {
  for (let i = from; i < q.length; i++) {
    if (q[i] === '\\') i++
    else if (q[i] === '"') return i
  }
  return q.length
}
