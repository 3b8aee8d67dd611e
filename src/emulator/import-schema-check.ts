import { checkValue, typeName, type PropertyRule } from './schema-validation.js'

/** One entry of a user's `errors` in GET /jobs/{id}/errors. */
export interface ImportUserError {
  code: string
  message: string
  path?: string
}

/** A nested object schema of the import file (closed, as Auth0's `additionalProperties: false`). */
export interface NestedSchema {
  properties: Record<string, PropertyRule | NestedSchema>
  required?: readonly string[]
}

/** z-schema's error codes, which the import report uses, for the messages `checkValue` gives. */
const CODES: [RegExp, string][] = [
  [/^Expected type/, 'INVALID_TYPE'],
  [/^No enum match/, 'ENUM_MISMATCH'],
  [/too short/, 'MIN_LENGTH'],
  [/too long/, 'MAX_LENGTH'],
  [/does not match pattern/, 'PATTERN'],
  [/didn't pass validation for format/, 'INVALID_FORMAT'],
  [/less than minimum/, 'MINIMUM'],
  [/greater than maximum/, 'MAXIMUM'],
]

/**
 * An error in Auth0's report shape: `Error in <path> property - <reason>` (recorded for
 * `INVALID_FORMAT`; the path is the file's, where Auth0 names its own storage path [I]).
 */
export function importError(code: string, path: string, reason: string): ImportUserError {
  return { code, message: `Error in ${path} property - ${reason}`, path }
}

const isNested = (rule: PropertyRule | NestedSchema): rule is NestedSchema => 'properties' in rule

/**
 * Checks `value` against `schema`, pushing every failure (one per property) onto `errors`:
 * unknown keys, missing required ones, then each property's rule. Nested schemas recurse.
 */
export function checkObject(
  value: unknown,
  schema: NestedSchema,
  path: string,
  errors: ImportUserError[],
): void {
  const found = typeName(value)
  if (found !== 'object') {
    errors.push(importError('INVALID_TYPE', path, `Expected type object but found type ${found}`))
    return
  }
  const record = value as Record<string, unknown>
  const at = (key: string) => (path === '' ? key : `${path}.${key}`)
  const extra = Object.keys(record).filter((key) => !Object.hasOwn(schema.properties, key))
  if (extra.length > 0) {
    errors.push({
      code: 'OBJECT_ADDITIONAL_PROPERTIES',
      message: `Additional properties not allowed: ${extra.join(',')}`,
      ...(path === '' ? {} : { path }),
    })
  }
  for (const key of schema.required ?? []) {
    if (!Object.hasOwn(record, key)) {
      errors.push({
        code: 'OBJECT_REQUIRED',
        message: `Missing required property: ${key}`,
        ...(path === '' ? {} : { path }),
      })
    }
  }
  for (const [key, rule] of Object.entries(schema.properties)) {
    if (!Object.hasOwn(record, key)) continue
    if (isNested(rule)) {
      checkObject(record[key], rule, at(key), errors)
      continue
    }
    const reason = checkValue(record[key], rule)
    if (reason === undefined) continue
    const code = CODES.find(([pattern]) => pattern.test(reason))?.[1] ?? 'INVALID_FORMAT'
    errors.push(importError(code, at(key), reason))
  }
}

/** Shorthand for a rule: the import schema needs no descriptions (its messages quote none). */
export function rule(type: PropertyRule['type'], extra: Partial<PropertyRule> = {}): PropertyRule {
  return { type, description: '', ...extra }
}
