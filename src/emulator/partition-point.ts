/**
 * The first index in `[0, length)` at which `before(index)` is false, by binary search; `before`
 * must hold on a prefix of the indexes and fail on the rest (a sorted array asked "does this
 * come before what I look for?"). `length` when it holds everywhere.
 *
 * @example
 * partitionPoint(keys.length, (i) => keys[i]! < key) // first key ≥ `key`
 */
export function partitionPoint(length: number, before: (index: number) => boolean): number {
  let low = 0
  let high = length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (before(mid)) low = mid + 1
    else high = mid
  }
  return low
}
