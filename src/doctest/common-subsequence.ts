/** Above this many table cells, alignment is skipped: a diff of huge outputs is not read anyway. */
const MAX_CELLS = 4_000_000

/**
 * Index pairs `[i, j]` of a longest common subsequence of `a` and `b`, in order; empty when the
 * inputs are too large to align cheaply.
 *
 * @example
 * commonSubsequence(['a', 'b', 'c'], ['a', 'c']) // => [[0, 0], [2, 1]]
 */
export function commonSubsequence(a: readonly string[], b: readonly string[]): [number, number][] {
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) return []
  // length[i][j]: length of the longest common subsequence of a[i:] and b[j:].
  const length = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      length[i]![j] =
        a[i] === b[j]
          ? length[i + 1]![j + 1]! + 1
          : Math.max(length[i + 1]![j]!, length[i]![j + 1]!)
    }
  }
  const pairs: [number, number][] = []
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) pairs.push([i++, j++])
    else if (length[i + 1]![j]! >= length[i]![j + 1]!) i++
    else j++
  }
  return pairs
}
