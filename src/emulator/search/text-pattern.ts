/**
 * Compiles the literal runs of a wildcard term (see `parseTermText`) into a whole-value string
 * test. The caller lower-cases pattern and value for case-insensitive fields.
 *
 * No regular expression is ever built from the query: a backtracking `^a.*a.*a.*c$` over a
 * 300-character value takes seconds (six stars: forever) and would stall the whole emulator.
 * Instead the first run must be a prefix, the last a suffix, and each middle run is found with
 * `indexOf` after the previous one. Taking the leftmost match of each run is always right when
 * `*` is the only wildcard, so the scan never moves backwards: time is linear in the value for a
 * given pattern.
 *
 * @example
 * ```ts
 * textPattern(['jo', ''])('john')    // true  (jo*)
 * textPattern(['', 'ohn', ''])('x')  // false (*ohn*)
 * ```
 */
export function textPattern(parts: readonly string[]): (value: string) => boolean {
  if (parts.length === 1) {
    const exact = parts[0]!
    return (value) => value === exact
  }
  const first = parts[0]!
  const last = parts[parts.length - 1]!
  const middle = parts.slice(1, -1).filter((part) => part !== '')
  const minLength = parts.reduce((sum, part) => sum + part.length, 0)
  return (value) => {
    if (value.length < minLength || !value.startsWith(first) || !value.endsWith(last)) return false
    let from = first.length
    const end = value.length - last.length
    for (const part of middle) {
      const at = value.indexOf(part, from)
      if (at < 0 || at + part.length > end) return false
      from = at + part.length
    }
    return true
  }
}
