import { BULK_UPDATE_FIELDS, METADATA_FIELDS } from '../index.js'
import { parseAssignment } from './users-assignment.js'
import { typedValue } from './users-field-types.js'
import { UsageError } from './usage-error.js'

type Fields = Record<string, unknown>

/**
 * Root attributes a bulk update may set are the library's (`BULK_UPDATE_FIELDS`), checked here
 * so that the refusal speaks in flags and comes before any request.
 */
const SETTABLE = BULK_UPDATE_FIELDS
const METADATA = METADATA_FIELDS

/**
 * The update from `--set key=value` flags and an optional `--set-json '{...}'`, merged.
 * Metadata keys are set one level deep because Auth0 merges metadata one level deep: a
 * deeper path would silently replace the whole nested object, so it is refused with the fix.
 *
 * @example
 * updateFields(['user_metadata.band=AC/DC', 'blocked=true'])
 * // { user_metadata: { band: 'AC/DC' }, blocked: true }
 */
export function updateFields(sets: readonly string[], setJson?: string): Fields {
  const fields: Fields = setJson === undefined ? {} : parseSetJson(setJson)
  for (const text of sets) {
    const { key, value, json } = parseAssignment(text, '--set')
    const path = key.split('__').join('.').split('.')
    const [root, inner, ...deeper] = path as [string, ...string[]]
    checkRoot(root, '--set')
    if (inner === undefined) {
      if (METADATA.has(root) && !json) {
        throw new UsageError(
          `--set ${root} replaces an object: use ${root}.KEY=value or ${root}:={...}.`,
        )
      }
      setOnce(fields, root, json ? value : typedValue(root, value as string, '--set'), key)
      continue
    }
    if (!METADATA.has(root)) throw new UsageError(`--set ${key}: ${root} has no nested keys.`)
    if (deeper.length > 0) {
      throw new UsageError(
        `--set ${key}: Auth0 merges metadata one level deep, so this would replace all of ` +
          `${root}.${inner}; set it whole with ${root}.${inner}:='{...}'.`,
      )
    }
    const existing = fields[root]
    if (existing !== undefined && !isObject(existing)) {
      throw new UsageError(`--set ${key} conflicts with the value given for ${root}.`)
    }
    const bag = (existing ?? (fields[root] = {})) as Fields
    setOnce(bag, inner, value, key)
  }
  if (Object.keys(fields).length === 0) {
    throw new UsageError("update needs what to change: --set key=value or --set-json '{...}'.")
  }
  return fields
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseSetJson(text: string): Fields {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new UsageError(
      '--set-json takes a JSON object, e.g. \'{"app_metadata":{"plan":"gold"}}\'.',
    )
  }
  if (!isObject(parsed)) throw new UsageError('--set-json takes a JSON object.')
  for (const root of Object.keys(parsed)) checkRoot(root, '--set-json')
  return parsed
}

function checkRoot(root: string, flag: string): void {
  if (root === 'password') {
    throw new UsageError(
      `${flag}: passwords are not set in bulk (they would sit in your shell history).`,
    )
  }
  if (root === 'email' || root === 'username') {
    throw new UsageError(
      `${flag}: ${root} is unique per connection; a bulk update would fail for all users but one.`,
    )
  }
  if (!SETTABLE.has(root)) {
    throw new UsageError(
      `${flag}: Auth0 cannot update "${root}"; settable: ${[...SETTABLE].join(', ')}.`,
    )
  }
}

function setOnce(target: Fields, key: string, value: unknown, flag: string): void {
  if (key in target) throw new UsageError(`${flag} is set twice.`)
  target[key] = value
}
