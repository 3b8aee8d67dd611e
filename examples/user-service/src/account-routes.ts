import type { User } from 'auth0plus'
import { HttpError } from './http-error.js'
import { readJsonBody } from './json-io.js'
import type { Reply, RouteContext } from './router.js'
import { parseUserId } from './user-id.js'

type Find = (id: string) => Promise<User>

/**
 * POST /users/:id/password-reset: a password-change ticket for the user, so the owner sets the
 * new password on the tenant's own page; no password ever passes through this service. The
 * answer carries the ticket link for the caller to deliver (it is as good as a password until
 * used or expired, so it is never logged nor cached). Body (optional): `{ "result_url": "https://…" }`,
 * where the tenant's page sends the owner afterwards.
 */
export async function passwordReset(find: Find, { req, params }: RouteContext): Promise<Reply> {
  const id = parseUserId(params.id)
  const resultUrl = await optionalResultUrl(req)
  const user = await find(id)
  const ticket = await user.passwordChangeTicket(resultUrl === undefined ? {} : { resultUrl })
  return { status: 201, body: { ticket }, headers: { 'Cache-Control': 'no-store' } }
}

/**
 * POST /users/:id/email-verification: Auth0's verification e-mail, sent by the tenant (a job).
 * Answers 202 with the job; the owner follows the link in the e-mail.
 */
export async function emailVerification(find: Find, { params }: RouteContext): Promise<Reply> {
  const user = await find(parseUserId(params.id))
  if (user.email_verified === true) throw new HttpError(409, 'The e-mail is already verified.')
  const job = await user.sendVerificationEmail()
  return { status: 202, body: { job: { id: job.id, status: job.status, type: job.type } } }
}

/** The body of a reset: nothing, `{}`, or `{ result_url }`; anything else is a 400 naming it. */
async function optionalResultUrl(req: RouteContext['req']): Promise<string | undefined> {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding']
  if (!hasBody) return undefined
  const body = await readJsonBody(req)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'The body is a JSON object: { "result_url": "https://…" }.')
  }
  for (const key of Object.keys(body)) {
    if (key !== 'result_url') throw new HttpError(400, `'${key}' is not accepted here.`)
  }
  const { result_url: resultUrl } = body as { result_url?: unknown }
  if (resultUrl !== undefined && typeof resultUrl !== 'string') {
    throw new HttpError(400, "'result_url' is an absolute https URL.")
  }
  return resultUrl
}
