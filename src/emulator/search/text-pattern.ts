/**
 * Compiles the literal runs of a wildcard term (see `parseTermText`) into a whole-value string
 * test. The common shapes get `startsWith`/`endsWith`/`includes`; only the rest pay for a regex.
 * The caller lower-cases pattern and value for case-insensitive fields.
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
  if (parts.length === 2) {
    if (last === '') return (value) => value.startsWith(first)
    if (first === '') return (value) => value.endsWith(last)
  }
  if (parts.length === 3 && first === '' && last === '') {
    const middle = parts[1]!
    return (value) => value.includes(middle)
  }
  const regex = new RegExp(`^${parts.map(escapeRegex).join('.*')}$`, 's')
  return (value) => regex.test(value)
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
