import { ApiError } from './api-error.js'
import type { LogEvent } from './log-events.js'

/** The fields Auth0's log search accepts (log-search-query-syntax). */
const SEARCHABLE = new Set([
  'client_id',
  'client_name',
  'connection',
  'connection_id',
  'description',
  'date',
  'hostname',
  'ip',
  'log_id',
  'organization_id',
  'user_id',
  'user_name',
  'user_agent',
  'strategy',
  'strategy_type',
  'type',
])

/** Bare terms search these, as on Auth0. */
const BARE_FIELDS = [
  'client_name',
  'connection',
  'description',
  'ip',
  'log_id',
  'type',
  'user_name',
]

const queryError = (detail: string) =>
  new ApiError(400, `The search query string has an error: ${detail}`, 'invalid_query_string')

interface Term {
  field: string | undefined
  value: string
}

/**
 * Compiles the subset of Auth0's log search the emulator supports: terms `field:value`,
 * `field:"exact value"` or bare `value`, joined by spaces or `AND` (all must match); a value
 * may start or end with `*` (suffix or prefix match). Fields are not tokenized (whole-value
 * match), as on Auth0. `OR`, `NOT`, groups and ranges are refused (400). Scanned character by
 * character: no backtracking regular expression sees the query.
 */
export function compileLogQuery(q: string): (event: LogEvent) => boolean {
  const terms = tokenize(q).map(parseTerm)
  return (event) => terms.every((term) => matchesTerm(event, term))
}

function tokenize(q: string): string[] {
  const tokens: string[] = []
  let current = ''
  let quoted = false
  for (const char of q) {
    if (char === '"') quoted = !quoted
    if (!quoted && /\s/.test(char)) {
      if (current !== '') tokens.push(current)
      current = ''
    } else current += char
  }
  if (quoted) throw queryError('unbalanced quotes')
  if (current !== '') tokens.push(current)
  return tokens.filter((token) => token !== 'AND')
}

function parseTerm(token: string): Term {
  if (token === 'OR' || token === 'NOT' || /^[()[\]{}!-]|[()]$/.test(token)) {
    throw queryError(`unsupported syntax "${token}" (the emulator supports AND of terms)`)
  }
  const colon = token.indexOf(':')
  const quoteAt = token.indexOf('"')
  const hasField = colon > 0 && (quoteAt < 0 || colon < quoteAt)
  const field = hasField ? token.slice(0, colon) : undefined
  if (field !== undefined && !SEARCHABLE.has(field)) throw queryError(`unknown field "${field}"`)
  let value = hasField ? token.slice(colon + 1) : token
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    value = value.slice(1, -1)
  } else if (value.includes('"')) {
    throw queryError(`unexpected quote in "${token}"`)
  }
  return { field, value }
}

function matchesTerm(event: LogEvent, term: Term): boolean {
  const fields = term.field === undefined ? BARE_FIELDS : [term.field]
  return fields.some((field) => {
    const actual = Object.hasOwn(event, field) ? event[field] : undefined
    return typeof actual === 'string' && matchesValue(actual, term.value)
  })
}

function matchesValue(actual: string, pattern: string): boolean {
  if (pattern === '*') return true
  if (pattern.endsWith('*')) return actual.startsWith(pattern.slice(0, -1))
  if (pattern.startsWith('*')) return actual.endsWith(pattern.slice(1))
  return actual === pattern
}
