import { ConnectionsApi } from '../api/connections-api.js'
import { JobsApi } from '../api/jobs-api.js'
import { InvalidArgument } from '../errors.js'
import type { HttpClient } from '../http/http-client.js'
import { downloadExport } from './export-download.js'
import { runExportJob, type PollOptions } from './export-job.js'

/** Options of `auth0.users.export()`. */
export interface ExportOptions {
  /**
   * Only this connection's users, by name (looked up with GET /connections?name=…, which needs
   * the `read:connections` scope). Omitted or `null`: every connection of the tenant.
   */
  connection?: string | null
  /** Only these attributes (and `user_id`), dotted paths allowed (`user_metadata.plan`); each line keys them by that name. */
  fields?: readonly string[]
  /** Stops polling or reading; the iteration then rejects with the abort reason. */
  signal?: AbortSignal
}

/**
 * One exported user: a plain record as Auth0's export file holds it — the whole profile, or
 * with `fields`, one key per named (possibly dotted) field. Not a `User` instance: an export
 * line is a snapshot, may lack `user_id`, and its keys need not be user attributes.
 */
export type ExportedUser = Record<string, unknown>

const FIELD = /^[A-Za-z0-9_][A-Za-z0-9_.]*$/

/**
 * The users of the tenant (or of one connection) through Auth0's users-export job: the
 * documented way to read more users than search serves. Lazy: each iteration runs a new job
 * (see {@link runExportJob}) and streams its gzip NDJSON file line by line
 * ({@link downloadExport}), in bounded memory. Options are checked at once.
 *
 * @example
 * for await (const user of exportUsers(http, { connection: 'Username-Password-Authentication', fields: ['email'] })) …
 * // GET /connections?name=Username-Password-Authentication&fields=id,name → [{ id: 'con_…' }]
 * // POST /jobs/users-exports {"format":"json","connection_id":"con_…","fields":[{"name":"user_id"},{"name":"email"}]}
 * // GET /jobs/job_… until completed, then GET <location> (no token): {"user_id":"auth0|…","email":"…"} per line
 */
export function exportUsers(
  http: HttpClient,
  options: ExportOptions = {},
  poll: Omit<PollOptions, 'signal'> = {},
): AsyncIterable<ExportedUser> {
  checkOptions(options)
  const { connection, fields, signal } = options
  return {
    async *[Symbol.asyncIterator]() {
      const body: Record<string, unknown> = { format: 'json' }
      if (typeof connection === 'string') body.connection_id = await connectionId(http, connection)
      if (fields !== undefined) {
        body.fields = [...new Set(['user_id', ...fields])].map((name) => ({ name }))
      }
      const job = await runExportJob(new JobsApi(http), body, { ...poll, signal })
      yield* downloadExport(http, job.location, job.id, signal)
    },
  }
}

/** The export job takes a connection id; the API resolves names with GET /connections. */
async function connectionId(http: HttpClient, name: string): Promise<string> {
  const id = await new ConnectionsApi(http).idOf(name)
  if (id === undefined) throw new InvalidArgument(`The tenant has no connection named '${name}'.`)
  return id
}

function checkOptions(options: ExportOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgument('export() options must be an object.')
  }
  const { connection, fields, signal } = options
  if (connection !== undefined && connection !== null) {
    if (typeof connection !== 'string' || connection === '') {
      throw new InvalidArgument(
        'connection must be a connection name, or null for every connection.',
      )
    }
  }
  if (fields !== undefined) {
    if (!Array.isArray(fields) || fields.length === 0) {
      throw new InvalidArgument('fields must be a non-empty list of field names.')
    }
    for (const field of fields) {
      if (typeof field !== 'string' || !FIELD.test(field) || field.length > 100) {
        throw new InvalidArgument(`'${String(field)}' is not a field name.`)
      }
    }
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new InvalidArgument('signal must be an AbortSignal.')
  }
}
