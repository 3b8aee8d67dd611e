import { UsageError } from './usage-error.js'

/** One `key=value` or `key:=json` flag value, split but not yet typed. */
export interface Assignment {
  key: string
  /** The text after `=`, or the parsed JSON after `:=`. */
  value: unknown
  /** True for `key:=json`: the value already has its JSON type and is used as is. */
  json: boolean
}

/**
 * Splits `--where`/`--set` values. `key=value` keeps the value as text (typed later by field);
 * `key:=json` (HTTPie's convention) parses JSON, for numbers, booleans, null or lists in
 * metadata, where the type decides what matches. The first `=` splits, so values may hold `=`.
 *
 * @example
 * parseAssignment('user_metadata.band=AC/DC', '--where') // { key: 'user_metadata.band', value: 'AC/DC', json: false }
 * parseAssignment('app_metadata.level:=5', '--where')    // { key: 'app_metadata.level', value: 5, json: true }
 */
export function parseAssignment(text: string, flag: string): Assignment {
  const eq = text.indexOf('=')
  if (eq <= 0) {
    throw new UsageError(`${flag} takes key=value or key:=json, got ${JSON.stringify(text)}.`)
  }
  const json = text[eq - 1] === ':'
  const key = text.slice(0, json ? eq - 1 : eq).trim()
  const raw = text.slice(eq + 1)
  if (key === '') throw new UsageError(`${flag} ${JSON.stringify(text)} has no key before "=".`)
  if (!json) return { key, value: raw, json }
  try {
    return { key, value: JSON.parse(raw) as unknown, json }
  } catch {
    throw new UsageError(
      `${flag} ${key}:= takes JSON (e.g. 5, true, "text", ["a","b"]), got ${JSON.stringify(raw)}.`,
    )
  }
}
