import { ApiError, userNotFound } from './api-error.js'
import type { Clock } from './clock.js'
import { randomAlphanumeric } from './connections.js'
import { ExpiringMap } from './expiring-map.js'
import { JOB_TTL_MS } from './export-jobs.js'
import { logUserEvent } from './log-user-event.js'
import { validateObject, type ObjectSchema } from './schema-validation.js'
import type { Tenant } from './tenant.js'
import { connectionOf, isoTimestamp } from './user-defaults.js'

/** Verification-email jobs kept at most [I] (each is a few bytes; the cap bounds a flood). */
export const MAX_VERIFICATION_JOBS = 1_000

const schema: ObjectSchema = {
  additionalProperties: false,
  required: ['user_id'],
  properties: {
    user_id: {
      type: 'string',
      description: 'user_id of the user to send the verification email to',
    },
    client_id: { type: 'string', description: 'client_id of the client (application)' },
    identity: { type: 'object', description: 'The identity to verify' },
    organization_id: { type: 'string', description: '(Optional) Organization ID' },
  },
}

interface Job {
  id: string
  createdMs: number
}

/**
 * POST /jobs/verification-email: Auth0 answers 201 with a `pending` job and sends the e-mail;
 * `GET /jobs/{id}` shows it `completed` once `readyAfterMs` has passed, the export jobs' rule.
 * The e-mail (with an e-mail verification ticket link) goes to the tenant's outbox at once.
 */
export class VerificationEmailJobs {
  readonly #jobs: ExpiringMap<Job>

  constructor(
    private readonly now: Clock,
    private readonly readyAfterMs: number,
    maxJobs = MAX_VERIFICATION_JOBS,
  ) {
    this.#jobs = new ExpiringMap(now, JOB_TTL_MS, maxJobs)
  }

  /** Validates the body, puts the e-mail (from `client_id`, else the caller) in the outbox, returns the job. */
  create(tenant: Tenant, body: unknown, callerId: string): Record<string, unknown> {
    validateObject(body, schema, 'Payload')
    const input = body as Record<string, unknown>
    const user = tenant.store.get(input.user_id as string)
    if (user === undefined) throw userNotFound()
    if (typeof input.client_id === 'string' && !tenant.clients.has(input.client_id)) {
      throw new ApiError(404, 'The client does not exist', 'inexistent_client')
    }
    if (input.organization_id !== undefined) {
      throw new ApiError(404, 'No organization found by that id or name', 'inexistent_organization')
    }
    if (typeof user.email !== 'string') {
      throw new ApiError(400, 'The user does not have an email address.', 'invalid_body')
    }
    const link = tenant.tickets.issue(
      {
        kind: 'email_verification',
        userId: user.user_id as string,
        resultUrl: undefined,
        markEmailAsVerified: false,
        includeEmailInRedirect: false,
      },
      0,
      tenant.origin(),
    )
    tenant.outbox.record({
      template: 'verify_email',
      to: user.email,
      userId: user.user_id as string,
      connection: connectionOf(user) ?? '',
      clientId: (input.client_id as string | undefined) ?? callerId,
      sentAt: isoTimestamp(this.now()),
      link,
      subject: 'Verify your email',
      text: `Please verify your email address by following this link: ${link}`,
    })
    logUserEvent(tenant, 'svr', user, { description: `To: ${user.email}` })
    const job: Job = { id: `job_${randomAlphanumeric(16)}`, createdMs: this.now() }
    this.#jobs.set(job.id, job)
    // The creation answer is `pending`, as recorded, whatever the delay.
    return this.#describe(job, false)
  }

  /** The job as GET /jobs/{id} shows it, or undefined when unknown here. */
  describe(id: string): Record<string, unknown> | undefined {
    const job = this.#jobs.get(id)
    return job === undefined ? undefined : this.#describe(job, true)
  }

  #describe(job: Job, mayBeDone: boolean): Record<string, unknown> {
    const completed = mayBeDone && this.now() - job.createdMs >= this.readyAfterMs
    return {
      type: 'verification_email',
      status: completed ? 'completed' : 'pending',
      created_at: isoTimestamp(job.createdMs),
      id: job.id,
    }
  }
}
