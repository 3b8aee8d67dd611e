import { ownPath, setOwn } from './own-keys.js'
import type { UserRecord } from './user-defaults.js'

/** A `fields[]` entry of an export job: a profile path and, for CSV, its column title. */
export interface ExportField {
  name: string
  export_as?: string
}

/**
 * Columns a CSV export gets when the job names no fields. Auth0 speaks of "a predefined set";
 * these are the normalized attributes every database user can have.
 */
export const DEFAULT_CSV_FIELDS: readonly ExportField[] = [
  'user_id',
  'email',
  'email_verified',
  'username',
  'name',
  'nickname',
  'given_name',
  'family_name',
  'phone_number',
  'created_at',
  'updated_at',
  'last_login',
  'logins_count',
  'blocked',
].map((name) => ({ name }))

const title = (field: ExportField) => field.export_as ?? field.name

/**
 * NDJSON, one user per line: the whole profile when no fields are named, else the named
 * paths (dotted, `user_metadata.consent`) keyed by their `export_as` or name.
 */
export function toNdjson(
  users: readonly UserRecord[],
  fields: readonly ExportField[] | undefined,
): string {
  return users
    .map((user) => {
      if (fields === undefined) return JSON.stringify(user)
      const line: Record<string, unknown> = {}
      for (const field of fields) {
        const value: unknown = ownPath(user, field.name)
        if (value !== undefined) setOwn(line, title(field), value)
      }
      return JSON.stringify(line)
    })
    .map((line) => `${line}\n`)
    .join('')
}

/**
 * CSV with Auth0's CSV-injection escaping: every string is prefixed with `'` and quoted, inner
 * quotes doubled; objects are written as JSON strings, missing values as empty cells.
 */
export function toCsv(
  users: readonly UserRecord[],
  fields: readonly ExportField[] | undefined,
): string {
  const columns = fields ?? DEFAULT_CSV_FIELDS
  const cell = (value: unknown): string => {
    if (value === undefined || value === null) return ''
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    const text = typeof value === 'string' ? value : JSON.stringify(value)
    return `"'${text.replace(/"/g, '""')}"`
  }
  const header = columns.map(title).join(',')
  const rows = users.map((user) =>
    columns.map((field) => cell(ownPath(user, field.name))).join(','),
  )
  return [header, ...rows].map((row) => `${row}\n`).join('')
}
