import { commonSubsequence } from './common-subsequence.js'

/**
 * `actual` laid out on the line breaks of `expected`, for showing a difference when whitespace
 * does not count: each word of `actual` goes on the line of the expected word it matches (or of the
 * last one matched before it), so a diff points at the words that differ, not at the wrapping.
 *
 * @example
 * reflowLike("{ a: 1,\n  b: 3 }", "{\n  a: 1,\n  b: 2\n}") // => "{ a: 1,\n  b: 2 }"
 */
export function reflowLike(expected: string, actual: string): string {
  const lines = expected.split('\n')
  const want = lines.flatMap((line, index) => words(line).map((word) => ({ word, index })))
  const got = words(actual)
  const pairs = commonSubsequence(
    want.map(({ word }) => word),
    got,
  )
  const out = lines.map((): string[] => [])
  let line = 0
  let next = 0
  for (const [j, word] of got.entries()) {
    const pair = pairs[next]
    if (pair?.[1] === j) {
      line = want[pair[0]]!.index
      next++
    }
    out[line]!.push(word)
  }
  return out.map((found, i) => `${/^\s*/.exec(lines[i]!)![0]}${found.join(' ')}`).join('\n')
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '')
}
