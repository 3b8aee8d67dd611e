import { ApiError } from './api-error.js'
import { checkValue, type PropertyRule } from './schema-validation.js'

/** Descriptions of the GET /users query parameters, as the OAS words them (quoted in errors). */
export const QUERY_RULES = {
  page: {
    type: 'integer',
    minimum: 0,
    description: 'Page index of the results to return. First page is 0.',
  },
  per_page: {
    type: 'integer',
    minimum: 0,
    maximum: 100,
    description: 'Number of results per page.',
  },
  include_totals: {
    type: 'boolean',
    description:
      'Return results inside an object that contains the total result count (true) or as a direct array of results (false, default).',
  },
  include_fields: {
    type: 'boolean',
    description: 'Whether specified fields are to be included (true) or excluded (false).',
  },
  primary_order: {
    type: 'boolean',
    description:
      'If true (default), results are returned in a deterministic order. If false, results may be returned in a non-deterministic order.',
  },
  search_engine: {
    type: 'string',
    enum: ['v1', 'v2', 'v3'],
    description: 'The version of the search engine',
  },
  email: { type: 'string', description: 'Email address to search for (case-sensitive).' },
  take: {
    type: 'integer',
    minimum: 1,
    maximum: 100,
    description: 'Number of results per page. Defaults to 50.',
  },
} satisfies Record<string, PropertyRule>

export type QueryParam = keyof typeof QUERY_RULES

/** Query strings are text; like hapi's coercion, read numbers and booleans before validating. */
function coerce(raw: string, rule: PropertyRule): unknown {
  if (rule.type === 'integer' && /^-?\d+(\.\d+)?$/.test(raw.trim())) return Number(raw)
  if (rule.type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true'
  return raw
}

/**
 * Reads and validates one query parameter; undefined when absent. Failures use Auth0's shape:
 * `Query validation error: 'Value 101 is greater than maximum 100' on property per_page (Number of results per page).`
 */
export function queryParam(query: URLSearchParams, name: QueryParam): unknown {
  return readQueryParam(query, name, QUERY_RULES[name])
}

/** {@link queryParam} for a parameter with its own rule (other endpoints' paging, filters). */
export function readQueryParam(query: URLSearchParams, name: string, rule: PropertyRule): unknown {
  const raw = query.get(name)
  if (raw === null) return undefined
  const value = coerce(raw, rule)
  const reason = checkValue(value, rule)
  if (reason !== undefined) {
    throw new ApiError(
      400,
      `Query validation error: '${reason}' on property ${name} (${rule.description.replace(/\.$/, '')}).`,
      'invalid_query_string',
    )
  }
  return value
}

/** `fields` + `include_fields` as the search module's projection takes them. */
export function fieldsParams(query: URLSearchParams): {
  fields: string[] | undefined
  include: boolean
} {
  const fields = (query.get('fields') ?? '')
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean)
  const include = (queryParam(query, 'include_fields') as boolean | undefined) ?? true
  return { fields: fields.length > 0 ? fields : undefined, include }
}
