import type { HttpClient } from '../http/http-client.js'
import { UnexpectedAnswer } from '../errors.js'
import { oneRecord } from './answer-shape.js'
import type { Job } from './jobs-api.js'
import { pathSegment } from './path-segment.js'

/** Auth0's limit on one import file: larger uploads are refused with 413. */
export const IMPORT_FILE_LIMIT = 512_000

/** One users-imports job to start: the JSON file and the parts beside it. */
export interface UsersImportRequest {
  /** The file's exact bytes: a JSON array of users in Auth0's import schema. */
  file: Uint8Array
  connectionId: string
  upsert: boolean
  externalId?: string
  sendCompletionEmail: boolean
}

/** One user Auth0 could not import, as GET /jobs/{id}/errors lists it. */
export interface ImportErrorEntry {
  /** The user as the file gave it (it may hold a password hash: never show it whole). */
  user: Record<string, unknown>
  errors: { code: string; message: string; path?: string }[]
}

/**
 * The users-imports endpoints: POST /jobs/users-imports (multipart) and the error report of
 * an import job. The job itself is read with {@link JobsApi.get}.
 *
 * @example
 * await new UsersImportsApi(http).create({ file, connectionId: 'con_1', upsert: false, sendCompletionEmail: false })
 * // POST /api/v2/jobs/users-imports  multipart: users (users.json, application/json),
 * //   connection_id=con_1, upsert=false, send_completion_email=false  → 202 { id: 'job_…', status: 'pending' }
 */
export class UsersImportsApi {
  readonly #http: HttpClient

  constructor(http: HttpClient) {
    this.#http = http
  }

  /** POST /jobs/users-imports: the pending job. */
  async create(request: UsersImportRequest): Promise<Job> {
    const form = new FormData()
    // Auth0's SDKs name the file part `users` and send it as users.json, application/json.
    form.append('users', new Blob([request.file], { type: 'application/json' }), 'users.json')
    form.append('connection_id', request.connectionId)
    form.append('upsert', String(request.upsert))
    if (request.externalId !== undefined) form.append('external_id', request.externalId)
    form.append('send_completion_email', String(request.sendCompletionEmail))
    const { data } = await this.#http.request<unknown>({
      method: 'POST',
      path: '/jobs/users-imports',
      form,
    })
    return oneRecord(data, 'id', 'a job') as Job
  }

  /**
   * GET /jobs/{id}/errors: the users an import job could not import (204 → `[]`). A failed
   * job answers an object instead of a list; that is returned as `[]` too, the job's own
   * status says it failed.
   */
  async errors(id: string): Promise<ImportErrorEntry[]> {
    const path = `/jobs/${pathSegment(id, 'job id')}/errors`
    const { data } = await this.#http.request<unknown>({ method: 'GET', path })
    if (data === undefined || data === null || !Array.isArray(data)) return []
    return data.map((entry: unknown) => {
      if (typeof entry !== 'object' || entry === null) {
        throw new UnexpectedAnswer(`GET ${path} listed something other than a user's errors.`)
      }
      const { user, errors } = entry as Record<string, unknown>
      return {
        user: typeof user === 'object' && user !== null ? (user as Record<string, unknown>) : {},
        errors: Array.isArray(errors) ? errors.map(errorOf) : [],
      }
    })
  }
}

function errorOf(error: unknown): ImportErrorEntry['errors'][number] {
  const { code, message, path } = (error ?? {}) as Record<string, unknown>
  return {
    code: typeof code === 'string' ? code : 'UNKNOWN',
    message: typeof message === 'string' ? message : '',
    ...(typeof path === 'string' ? { path } : {}),
  }
}
