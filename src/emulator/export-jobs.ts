import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import { ApiError, connectionNotFound } from './api-error.js'
import type { Clock } from './clock.js'
import { randomAlphanumeric, type Connection, type ConnectionRegistry } from './connections.js'
import { ExpiringMap } from './expiring-map.js'
import { toCsv, toNdjson, type ExportField } from './export-format.js'
import { validateObject, type ObjectSchema } from './schema-validation.js'
import { connectionOf, isoTimestamp, type UserRecord } from './user-defaults.js'

const gzipAsync = promisify(gzip)

/** Auth0's signed download links last 60 s; jobs and files are deleted after 24 h. */
const LINK_TTL_SECONDS = 60
export const JOB_TTL_MS = 24 * 3600 * 1000

/**
 * Jobs kept at most [I]: each holds a snapshot of the users and, once downloaded, its gzip file
 * (~2 MB at 20,000 users). Past this the oldest job is forgotten (404 `Job not found.`).
 */
export const MAX_EXPORT_JOBS = 50

const exportSchema: ObjectSchema = {
  additionalProperties: false,
  properties: {
    connection_id: {
      type: 'string',
      pattern: /^con_[A-Za-z0-9]{16}$/,
      description: 'connection_id of the connection from which users will be exported.',
    },
    format: {
      type: 'string',
      enum: ['json', 'csv'],
      description: 'Format of the file. Must be `json` or `csv`.',
    },
    limit: { type: 'integer', minimum: 1, description: 'Limit the number of records.' },
    fields: {
      type: 'array',
      description:
        'List of fields to be included in the CSV. Defaults to a predefined set of fields.',
    },
  },
}

interface ExportJob {
  id: string
  createdMs: number
  connection: Connection | undefined
  format: 'json' | 'csv'
  limit: number | undefined
  fields: ExportField[] | undefined
  /** The users as they were when the job was created (records are immutable). */
  users: UserRecord[]
  file?: Promise<Buffer>
}

/**
 * Users export jobs (POST /jobs/users-exports, GET /jobs/{id}) and the gzip files their signed
 * `location` links serve. A job is `pending` when created and `completed` from `readyAfterMs`
 * later; its file is the users as they were at creation.
 */
export class ExportJobs {
  /** Expired jobs are evicted (with their users and file), not merely hidden. */
  readonly #jobs: ExpiringMap<ExportJob>
  readonly #secret = randomBytes(32)
  readonly #keyPairId = `K${randomAlphanumeric(13).toUpperCase()}`

  constructor(
    private readonly now: Clock,
    private readonly readyAfterMs: number,
    private readonly tenantName: string,
    maxJobs = MAX_EXPORT_JOBS,
  ) {
    this.#jobs = new ExpiringMap(now, JOB_TTL_MS, maxJobs)
  }

  /** Jobs held in memory, expired ones not yet evicted included. */
  get size(): number {
    return this.#jobs.size
  }

  create(
    body: unknown,
    connections: ConnectionRegistry,
    users: readonly UserRecord[],
  ): Record<string, unknown> {
    validateObject(body ?? {}, exportSchema, 'Payload')
    const input = (body ?? {}) as Record<string, unknown>
    const fields = input.fields === undefined ? undefined : readFields(input.fields)
    const connection =
      typeof input.connection_id === 'string' ? connections.byId(input.connection_id) : undefined
    if (typeof input.connection_id === 'string' && connection === undefined)
      throw connectionNotFound()
    const limit = input.limit as number | undefined
    const selected = users.filter(
      (u) => connection === undefined || connectionOf(u) === connection.name,
    )
    const job: ExportJob = {
      id: `job_${randomAlphanumeric(16)}`,
      createdMs: this.now(),
      connection,
      format: (input.format as 'json' | 'csv' | undefined) ?? 'json',
      limit,
      fields,
      users: limit === undefined ? selected : selected.slice(0, limit),
    }
    this.#jobs.set(job.id, job)
    return this.#describe(job, undefined)
  }

  /** GET /jobs/{id}: 404 `Job not found.` for unknown or expired jobs. */
  describe(id: string, origin: string): Record<string, unknown> {
    return this.#describe(this.#job(id), origin)
  }

  /**
   * Serves a download link: the gzip file, or undefined when the link is forged, expired or the
   * job is gone (the caller answers 403 like the storage service behind Auth0's links).
   */
  async download(
    path: string,
    query: URLSearchParams,
  ): Promise<{ name: string; data: Buffer } | undefined> {
    const match = /^\/user-exports\/(job_[A-Za-z0-9]+)\/([^/]+)$/.exec(path)
    const expires = Number(query.get('Expires'))
    if (match === null || !(expires * 1000 >= this.now())) return undefined
    const expected = this.#sign(path, expires)
    const given = Buffer.from(query.get('Signature') ?? '')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
    const job = this.#jobs.get(match[1]!)
    if (job === undefined || !this.#completed(job)) return undefined
    job.file ??= gzipAsync(
      job.format === 'csv' ? toCsv(job.users, job.fields) : toNdjson(job.users, job.fields),
    )
    return { name: match[2]!, data: await job.file }
  }

  #job(id: string): ExportJob {
    const job = this.#jobs.get(id)
    if (job === undefined) throw new ApiError(404, 'Job not found.', 'inexistent_job')
    return job
  }

  #completed(job: ExportJob): boolean {
    return this.now() - job.createdMs >= this.readyAfterMs
  }

  #describe(job: ExportJob, origin: string | undefined): Record<string, unknown> {
    const completed = origin !== undefined && this.#completed(job)
    const described: Record<string, unknown> = {
      type: 'users_export',
      status: completed ? 'completed' : 'pending',
      connection_id: job.connection?.id,
      connection: job.connection?.name,
      format: job.format,
      limit: job.limit,
      fields: job.fields,
      created_at: isoTimestamp(job.createdMs),
      id: job.id,
    }
    if (completed) {
      Object.assign(described, {
        location: this.#location(job, origin),
        percentage_done: 100,
        time_left_seconds: 0,
      })
    }
    return JSON.parse(JSON.stringify(described)) as Record<string, unknown>
  }

  /** A fresh link, valid 60 s, shaped like Auth0's CloudFront-signed ones. */
  #location(job: ExportJob, origin: string): string {
    const path = `/user-exports/${job.id}/${this.tenantName}.${job.format}.gz`
    const expires = Math.floor(this.now() / 1000) + LINK_TTL_SECONDS
    const signature = this.#sign(path, expires).toString()
    return `${origin}${path}?Expires=${expires}&Key-Pair-Id=${this.#keyPairId}&Signature=${signature}`
  }

  #sign(path: string, expires: number): Buffer {
    const mac = createHmac('sha256', this.#secret)
      .update(`${path}?Expires=${expires}`)
      .digest('base64url')
    return Buffer.from(mac)
  }
}

/** Auth0's limits on export `fields`: at most 30, names and titles up to 100 characters. */
const MAX_FIELDS = 30
const MAX_FIELD_LENGTH = 100

/**
 * The job's `fields`, validated. The limits also bound the work of building a file: without
 * them one request could name 30,000 paths to walk for every user.
 */
function readFields(value: unknown): ExportField[] {
  const fields = value as unknown[]
  const refuse = (reason: string, where: string) =>
    new ApiError(400, `Payload validation error: '${reason}' on property ${where}.`, 'invalid_body')
  if (fields.length > MAX_FIELDS) {
    throw refuse(
      `Array is too long (${fields.length}), maximum ${MAX_FIELDS}`,
      `fields (${exportSchema.properties.fields!.description.replace(/\.$/, '')})`,
    )
  }
  return fields.map((item, i) => {
    const field = item as Partial<ExportField> | null
    if (typeof field !== 'object' || field === null || typeof field.name !== 'string') {
      throw refuse('Missing required property: name', `fields/${i}`)
    }
    const exportAs = field.export_as === undefined ? undefined : String(field.export_as)
    for (const [key, text] of [
      ['name', field.name],
      ['export_as', exportAs],
    ] as const) {
      if (text !== undefined && text.length > MAX_FIELD_LENGTH) {
        throw refuse(
          `String is too long (${text.length} chars), maximum ${MAX_FIELD_LENGTH}`,
          `fields/${i}/${key}`,
        )
      }
    }
    return exportAs === undefined ? { name: field.name } : { name: field.name, export_as: exportAs }
  })
}
