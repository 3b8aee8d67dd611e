import type { HttpClient } from '../http/http-client.js'
import { oneRecord } from './answer-shape.js'
import { pathSegment } from './path-segment.js'

/** A job as GET /jobs/{id} answers it (the fields the library reads, and the rest). */
export interface Job {
  id: string
  status: string
  type?: string
  location?: string
  [key: string]: unknown
}

/**
 * Every path of the jobs endpoints. Job ids come from Auth0's answers, and are still checked
 * before they go into a path: a hostile answer must not steer a request elsewhere.
 *
 * @example
 * await new JobsApi(http).createUsersExport({ format: 'json' }) // POST /api/v2/jobs/users-exports
 */
export class JobsApi {
  readonly #http: HttpClient

  constructor(http: HttpClient) {
    this.#http = http
  }

  /** POST /jobs/users-exports: the pending job. */
  async createUsersExport(body: Record<string, unknown>): Promise<Job> {
    const { data } = await this.#http.request<unknown>({
      method: 'POST',
      path: '/jobs/users-exports',
      body,
    })
    return oneRecord(data, 'id', 'a job') as Job
  }

  /** POST /jobs/verification-email: the pending job that sends a user the verification e-mail. */
  async createVerificationEmail(body: Record<string, unknown>): Promise<Job> {
    const { data } = await this.#http.request<unknown>({
      method: 'POST',
      path: '/jobs/verification-email',
      body,
    })
    return oneRecord(data, 'id', 'a job') as Job
  }

  /** GET /jobs/{id}. */
  async get(id: string): Promise<Job> {
    const { data } = await this.#http.request<unknown>({
      method: 'GET',
      path: `/jobs/${pathSegment(id, 'job id')}`,
    })
    return oneRecord(data, 'id', 'a job') as Job
  }
}
