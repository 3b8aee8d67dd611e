/**
 * Methods whose repetition has the effect of one call, so a request whose fate is unknown (a 5xx,
 * a reset connection, a timeout) may be sent again. POST is not: a create may have been applied
 * before the failure, and a second one would duplicate the user or fail with a misleading 409.
 * PATCH is treated like POST: on Auth0 it sets absolute values, but a password or email change
 * also revokes sessions and sends emails, so sending it twice is not harmless.
 */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])

/**
 * Failures where the request provably never reached the server, so any method may be re-sent.
 * A reset or a timeout, by contrast, may come after the server applied the request.
 */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])

/** Whether `method` may be sent again after an unknown outcome. */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase())
}

/**
 * Whether an answer with `status` is worth retrying: a 429 always (Auth0 refused the request
 * without applying it), 408 and 5xx only for idempotent methods.
 */
export function isRetryableStatus(method: string, status: number): boolean {
  if (status === 429) return true
  return (status === 408 || status >= 500) && isIdempotent(method)
}

/** Whether a request that got no answer (system error `code`) may be retried. */
export function isRetryableNetworkError(method: string, code: string | undefined): boolean {
  return isIdempotent(method) || (code !== undefined && NEVER_SENT.has(code))
}
