/** The instants a (possibly partial) date covers, both ends inclusive, in epoch ms. */
export interface DateSpan {
  readonly start: number
  readonly end: number
}

const PARTIAL_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/

/**
 * Parses `strict_date_optional_time || epoch_millis`, Elasticsearch's default date format, into
 * the span it denotes: `2017-11` covers the whole of November 2017 (UTC unless an offset is given),
 * `2024-01-01T00:00:00.000Z` exactly one millisecond. A bare number other than a 4-digit year is
 * epoch milliseconds. Returns undefined for anything else, including impossible dates.
 *
 * @example
 * ```ts
 * parsePartialDate('2017-12') // { start: Date.UTC(2017, 11, 1), end: Date.UTC(2018, 0, 1) - 1 }
 * ```
 */
export function parsePartialDate(text: string): DateSpan | undefined {
  if (/^-?\d+$/.test(text) && text.length !== 4) {
    const ms = Number(text)
    return Number.isSafeInteger(ms) ? { start: ms, end: ms } : undefined
  }
  const m = PARTIAL_DATE.exec(text)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s, frac, zone] = m
  const year = Number(y)
  const month = mo === undefined ? 1 : Number(mo)
  const day = d === undefined ? 1 : Number(d)
  const hour = h === undefined ? 0 : Number(h)
  const minute = mi === undefined ? 0 : Number(mi)
  const second = s === undefined ? 0 : Number(s)
  const fracDigits = (frac ?? '').slice(0, 3)
  const ms = fracDigits === '' ? 0 : Number(fracDigits.padEnd(3, '0'))
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined
  const start = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs(zone)
  return { start, end: start + spanLength(m, year, month, fracDigits.length) - 1 }
}

/** Length in ms of the unit named by the least significant component present. */
function spanLength(m: RegExpExecArray, year: number, month: number, fracDigits: number): number {
  if (m[7] !== undefined) return 10 ** (3 - fracDigits)
  if (m[6] !== undefined) return 1000
  if (m[5] !== undefined) return 60_000
  if (m[4] !== undefined) return 3_600_000
  if (m[3] !== undefined) return 86_400_000
  if (m[2] !== undefined) return Date.UTC(year, month, 1) - Date.UTC(year, month - 1, 1)
  return Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)
}

function offsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0
  const digits = zone.replace(':', '')
  const sign = digits[0] === '-' ? -1 : 1
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000
}
