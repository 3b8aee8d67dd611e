import { UnexpectedAnswer } from '../errors.js'

/**
 * The shapes the library relies on in Auth0's answers, checked where they arrive: an answer of
 * another shape (a proxy's page, an API change, a hostile server) fails here with
 * `UnexpectedAnswer` instead of becoming a `User` built from a list, or a `NaN` count.
 */

type ApiRecord = Record<string, unknown>

/** A single JSON object holding `key` as a non-empty string (e.g. one user with its `user_id`). */
export function oneRecord(data: unknown, key: string, what: string): ApiRecord {
  if (!isRecord(data) || typeof data[key] !== 'string' || data[key] === '') {
    throw new UnexpectedAnswer(`Auth0 answered ${shapeOf(data)} where ${what} was expected.`)
  }
  return data
}

/** A JSON array of objects. */
export function recordList(data: unknown, what: string): ApiRecord[] {
  if (!Array.isArray(data) || !data.every(isRecord)) {
    throw new UnexpectedAnswer(
      `Auth0 answered ${shapeOf(data)} where a list of ${what} was expected.`,
    )
  }
  return data
}

/**
 * `{ [key]: object[], total: integer ≥ 0 }`: one page of an offset-paged list with totals.
 * `emptyOmitsTotal`: the endpoint leaves `total` out of an empty list (a user's authentication
 * methods do), which then counts as 0.
 */
export function totalledPage(
  data: unknown,
  key: string,
  what: string,
  options: { emptyOmitsTotal?: boolean } = {},
): { records: ApiRecord[]; total: number } {
  if (options.emptyOmitsTotal && isRecord(data) && data.total === undefined) {
    const records = recordList(data[key], what)
    if (records.length === 0) return { records, total: 0 }
  }
  const total = isRecord(data) ? data.total : undefined
  if (!isRecord(data) || !Number.isSafeInteger(total) || (total as number) < 0) {
    throw new UnexpectedAnswer(
      `Auth0 answered ${shapeOf(data)} where a page of ${what} with a numeric total was expected.`,
    )
  }
  return { records: recordList(data[key], what), total: total as number }
}

/** `{ [key]: object[], next?: string }`: one page of a checkpoint-paged list. */
export function checkpointPage(
  data: unknown,
  key: string,
  what: string,
): { records: ApiRecord[]; next?: string } {
  const next = isRecord(data) ? data.next : undefined
  if (!isRecord(data) || (next !== undefined && typeof next !== 'string')) {
    throw new UnexpectedAnswer(
      `Auth0 answered ${shapeOf(data)} where a checkpoint page of ${what} was expected.`,
    )
  }
  const records = recordList(data[key], what)
  return next === undefined || next === '' ? { records } : { records, next }
}

/** `{ [key]: object[] }`: a list inside an object (e.g. `{ blocked_for: […] }`). */
export function recordListIn(data: unknown, key: string, what: string): ApiRecord[] {
  if (!isRecord(data)) {
    throw new UnexpectedAnswer(`Auth0 answered ${shapeOf(data)} where ${what} was expected.`)
  }
  return recordList(data[key], what)
}

function isRecord(value: unknown): value is ApiRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A short description of an answer that never quotes it (it may hold personal data). */
function shapeOf(data: unknown): string {
  if (Array.isArray(data)) return `a list of ${data.length}`
  if (data === null || data === undefined || data === '') return 'nothing'
  if (typeof data !== 'object') return `a ${typeof data}`
  const total = (data as ApiRecord).total
  return total !== undefined && typeof total !== 'number'
    ? 'a page with a non-numeric total'
    : 'an object of another shape'
}
