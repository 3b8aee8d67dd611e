import { commonSubsequence } from './common-subsequence.js'

/** One line of a diff: kept (` `), only expected (`-`) or only actual (`+`). */
export interface DiffLine {
  sign: ' ' | '-' | '+'
  text: string
}

/**
 * A line diff from `expected` to `actual`.
 *
 * @example
 * lineDiff('a\nb', 'a\nc') // => [{ sign: ' ', text: 'a' }, { sign: '-', text: 'b' }, { sign: '+', text: 'c' }]
 */
export function lineDiff(expected: string, actual: string): DiffLine[] {
  const a = expected.split('\n')
  const b = actual.split('\n')
  const lines: DiffLine[] = []
  let i = 0
  let j = 0
  for (const [ci, cj] of [...commonSubsequence(a, b), [a.length, b.length]]) {
    while (i < ci!) lines.push({ sign: '-', text: a[i++]! })
    while (j < cj!) lines.push({ sign: '+', text: b[j++]! })
    if (i < a.length) lines.push({ sign: ' ', text: a[i++]! })
    j++
  }
  return lines
}
