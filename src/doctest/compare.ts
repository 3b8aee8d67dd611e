/** How expected and actual text are compared. */
export interface CompareOptions {
  /** Runs of whitespace, line breaks included, compare equal. */
  normalizeWhitespace: boolean
}

const ELLIPSIS = '...'

/**
 * Whether `actual` matches `expected`, where `...` in `expected` stands for any text, line breaks
 * included (Python doctest's ELLIPSIS). Trailing whitespace and surrounding blank lines never
 * count; with `normalizeWhitespace`, a long value may be wrapped in the docs however reads best.
 *
 * @example
 * matchesExpected('<User auth0|...>', '<User auth0|65f0c2>', { normalizeWhitespace: true }) // => true
 * matchesExpected("[ 'a', 'b' ]", "[\n  'a',\n  'b'\n]", { normalizeWhitespace: true }) // => true
 */
export function matchesExpected(
  expected: string,
  actual: string,
  options: CompareOptions,
): boolean {
  const want = normalize(expected, options)
  const got = normalize(actual, options)
  const pieces = want.split(ELLIPSIS)
  if (pieces.length === 1) return want === got
  const first = pieces[0]!
  const last = pieces.at(-1)!
  if (got.length < first.length + last.length) return false
  if (!got.startsWith(first) || !got.endsWith(last)) return false
  // Taking each middle piece at its leftmost match is enough: `...` may absorb any gap.
  let at = first.length
  const end = got.length - last.length
  for (const piece of pieces.slice(1, -1)) {
    const found = got.indexOf(piece, at)
    if (found < 0 || found + piece.length > end) return false
    at = found + piece.length
  }
  return true
}

function normalize(text: string, { normalizeWhitespace }: CompareOptions): string {
  if (normalizeWhitespace) return text.replace(/\s+/g, ' ').trim()
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '')
}
