import { Q, type QueryParams } from '../index.js'
import { UsageError } from './usage-error.js'
import { whereQ } from './users-where.js'

/** The flags that pick users, shared by every `users` subcommand that searches. */
export interface SelectionFlags {
  email?: string
  userId?: string
  where?: string[]
  exclude?: string[]
  q?: string
  connection?: string
  allConnections?: boolean
}

/** What the flags select: the search, the endpoint parameters, and words for the operator. */
export interface Selection {
  where: Q
  /** Only `connection` is set here; commands add `fields`. */
  params: QueryParams
  /** False when no flag narrows the search: every user of the scope matches. */
  filtered: boolean
  /** `connection "X"`, `every connection`, or `connection from CONNECTION`. */
  scope: string
  /** The connection the search is scoped to, by name; `undefined` for every connection. */
  connection: string | undefined
}

/**
 * Builds the search from the flags, ANDing them all: `--email`, `--user-id`, each `--where`,
 * each `--exclude` (negated) and `--q` (raw lucene). Validates everything now, so a bad
 * flag exits 2 before any request.
 *
 * @example
 * String(selectionFrom({ email: '*@acdc.com', where: ['logins_count__lt=1'] }, 'db').where)
 * // email:*@acdc.com AND logins_count:[* TO 1}
 */
export function selectionFrom(
  flags: SelectionFlags,
  defaultConnection: string | undefined,
): Selection {
  const parts: Q[] = []
  if (flags.email !== undefined) parts.push(Q({ email: nonEmpty(flags.email, '--email') }))
  if (flags.userId !== undefined) parts.push(Q({ user_id: nonEmpty(flags.userId, '--user-id') }))
  for (const text of flags.where ?? []) parts.push(whereQ(text, '--where'))
  for (const text of flags.exclude ?? []) parts.push(whereQ(text, '--exclude').not())
  if (flags.q !== undefined) parts.push(Q.raw(nonEmpty(flags.q, '--q')))
  const where = parts.reduce((all, part) => all.and(part), Q({}))

  if (flags.connection !== undefined && flags.allConnections) {
    throw new UsageError('Pass --connection or --all-connections, not both.')
  }
  const params: QueryParams = {}
  let scope = defaultConnection
    ? `connection "${defaultConnection}" (CONNECTION)`
    : 'every connection'
  if (flags.allConnections) {
    params.connection = null
    scope = 'every connection'
  } else if (flags.connection !== undefined) {
    params.connection = nonEmpty(flags.connection, '--connection')
    scope = `connection "${flags.connection}"`
  }
  const connection = params.connection === undefined ? defaultConnection : params.connection
  return { where, params, filtered: !where.isEmpty, scope, connection: connection ?? undefined }
}

function nonEmpty(value: string, flag: string): string {
  if (value.trim() === '') throw new UsageError(`${flag} needs a value.`)
  return value
}
