import { ApiError } from './api-error.js'

/** The JSON-schema subset Auth0's payload and query schemas use for users. */
export interface PropertyRule {
  type: 'string' | 'boolean' | 'object' | 'integer' | 'array'
  /** `null` accepted (PATCH uses it to unset). */
  nullable?: boolean
  minLength?: number
  maxLength?: number
  pattern?: RegExp
  format?: 'email' | 'strict-uri'
  minimum?: number
  maximum?: number
  enum?: readonly string[]
  /** Printed in the message, as Auth0 does: `on property email (The user's email).` */
  description: string
}

export interface ObjectSchema {
  properties: Record<string, PropertyRule>
  required?: readonly string[]
  additionalProperties: boolean
}

/** Where the data came from: decides the message prefix and the errorCode. */
export type SchemaSource = 'Payload' | 'Query'

/**
 * z-schema's type names, which Auth0's messages quote (`Expected type string but found type
 * integer`): integers and other numbers are different types there.
 */
export function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function fail(
  source: SchemaSource,
  reason: string,
  property?: string,
  description?: string,
): never {
  const where =
    property === undefined ? '' : ` on property ${property} (${description?.replace(/\.$/, '')})`
  const errorCode = source === 'Payload' ? 'invalid_body' : 'invalid_query_string'
  throw new ApiError(400, `${source} validation error: '${reason}'${where}.`, errorCode)
}

/**
 * Rejects `value` the way Auth0's z-schema validation does, with its exact message shape:
 * `Payload validation error: '<reason>' on property <name> (<description>).`, or without the
 * property part for object-level failures. Only the first failure is reported, as Auth0 does.
 *
 * @example
 * validateObject({ connection: 'x', foo: 1 }, createUserSchema, 'Payload')
 * // throws 400 "Payload validation error: 'Additional properties not allowed: foo'." invalid_body
 */
export function validateObject(value: unknown, schema: ObjectSchema, source: SchemaSource): void {
  if (typeName(value) !== 'object') {
    fail(source, `Expected type object but found type ${typeName(value)}`)
  }
  const record = value as Record<string, unknown>
  if (!schema.additionalProperties) {
    // Own keys: `constructor` or `toString` are not properties of the schema.
    const extra = Object.keys(record).filter((key) => !Object.hasOwn(schema.properties, key))
    if (extra.length > 0) fail(source, `Additional properties not allowed: ${extra.join(',')}`)
  }
  const own = (key: string) => (Object.hasOwn(record, key) ? record[key] : undefined)
  for (const key of schema.required ?? []) {
    if (own(key) === undefined) fail(source, `Missing required property: ${key}`)
  }
  for (const [key, rule] of Object.entries(schema.properties)) {
    if (own(key) === undefined) continue
    const reason = checkValue(record[key], rule)
    if (reason !== undefined) fail(source, reason, key, rule.description)
  }
}

/** The z-schema message for the first rule `value` breaks, or undefined. */
export function checkValue(value: unknown, rule: PropertyRule): string | undefined {
  if (value === null && rule.nullable) return undefined
  const found = typeName(value)
  if (found !== rule.type) return `Expected type ${rule.type} but found type ${found}`
  if (typeof value === 'string') return checkString(value, rule)
  if (typeof value === 'number') {
    if (rule.minimum !== undefined && value < rule.minimum) {
      return `Value ${value} is less than minimum ${rule.minimum}`
    }
    if (rule.maximum !== undefined && value > rule.maximum) {
      return `Value ${value} is greater than maximum ${rule.maximum}`
    }
  }
  return undefined
}

function checkString(value: string, rule: PropertyRule): string | undefined {
  if (rule.enum !== undefined && !rule.enum.includes(value)) {
    return `No enum match for: ${JSON.stringify(value)}`
  }
  if (rule.minLength !== undefined && value.length < rule.minLength) {
    return `String is too short (${value.length} chars), minimum ${rule.minLength}`
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    return `String is too long (${value.length} chars), maximum ${rule.maxLength}`
  }
  if (rule.pattern !== undefined && !rule.pattern.test(value)) {
    return `String does not match pattern ${rule.pattern.source}: ${value}`
  }
  if (rule.format !== undefined && !FORMATS[rule.format](value)) {
    return `Object didn't pass validation for format ${rule.format}: ${value}`
  }
  return undefined
}

const FORMATS: Record<NonNullable<PropertyRule['format']>, (value: string) => boolean> = {
  // Auth0's limits from the profile structure page: local part ≤64, whole address ≤254.
  email: (value) => {
    const match = /^([^\s@]+)@([^\s@]+\.[^\s@.]+)$/.exec(value)
    return (
      match !== null && match[1]!.length <= 64 && value.length <= 254 && !match[2]!.includes('..')
    )
  },
  'strict-uri': (value) => {
    if (!/^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i.test(value)) return false
    try {
      new URL(value)
      return true
    } catch {
      return false
    }
  },
}
