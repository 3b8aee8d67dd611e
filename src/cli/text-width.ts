/**
 * How many terminal columns text takes: East Asian wide and fullwidth characters (CJK, Hangul,
 * fullwidth forms, most emoji) take two, combining marks and zero-width characters none,
 * everything else one. What a table needs to line its columns up; not a full UAX #11.
 *
 * @example
 * textWidth('abc') //=> 3
 * textWidth('東京') //=> 4
 */
export function textWidth(text: string): number {
  let width = 0
  for (const char of text) width += charWidth(char.codePointAt(0)!)
  return width
}

/**
 * `text` cut to at most `width` columns, ending in `…` when cut, then padded with spaces to
 * exactly `width` columns.
 *
 * @example
 * fitWidth('東京都庁', 5) //=> '東京…'  (2 + 2 + 1 columns)
 */
export function fitWidth(text: string, width: number): string {
  const full = textWidth(text)
  if (full <= width) return text + ' '.repeat(width - full)
  let out = ''
  let used = 0
  for (const char of text) {
    const w = charWidth(char.codePointAt(0)!)
    if (used + w > width - 1) break
    out += char
    used += w
  }
  return `${out}…${' '.repeat(Math.max(0, width - used - 1))}`
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u

function charWidth(code: number): number {
  if (code < 0x300) return code < 0x20 || (code >= 0x7f && code < 0xa0) ? 0 : 1
  if (ZERO_WIDTH.test(String.fromCodePoint(code))) return 0
  return isWide(code) ? 2 : 1
}

/** The East Asian Wide (W) and Fullwidth (F) blocks that matter in names and addresses. */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) || // Hangul Jamo
    (code >= 0x2e80 && code <= 0x303e) || // CJK radicals, punctuation
    (code >= 0x3041 && code <= 0x33ff) || // kana, CJK symbols
    (code >= 0x3400 && code <= 0x4dbf) || // CJK extension A
    (code >= 0x4e00 && code <= 0x9fff) || // CJK unified ideographs
    (code >= 0xa000 && code <= 0xa4cf) || // Yi
    (code >= 0xac00 && code <= 0xd7a3) || // Hangul syllables
    (code >= 0xf900 && code <= 0xfaff) || // CJK compatibility ideographs
    (code >= 0xfe30 && code <= 0xfe4f) || // CJK compatibility forms
    (code >= 0xff00 && code <= 0xff60) || // fullwidth forms
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) || // emoji
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd) // CJK extensions B and later
  )
}
