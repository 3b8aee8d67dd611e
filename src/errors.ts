/**
 * Every error auth0plus throws extends {@link Auth0PlusError}, so one `instanceof` catches them all.
 *
 * None of them carries the HTTP client's request config, headers or body: the access token, the
 * client secret and passwords are never reachable from an error (fields, message, stack or cause).
 */
export class Auth0PlusError extends Error {
  override name = 'Auth0PlusError'
}

/**
 * Auth0's `x-ratelimit-*` headers of one answer, parsed once (wire/rate-limit-headers.ts) and
 * carried on that answer and on the error made from it. `reset` is unix seconds.
 */
export interface RateLimitInfo {
  limit: number
  remaining: number
  reset: number
}

/** What Auth0 answered, as its error body says it. */
export interface Auth0ErrorBody {
  statusCode: number
  error?: string
  message?: string
  errorCode?: string
}

/** Where a failed request went: safe to log, never holds a secret. */
export interface RequestInfo {
  method: string
  path: string
}

/**
 * An error answer from Auth0. `String(err)` is `${statusCode}: ${message}`, as the Python
 * library printed it, e.g. `409: The user already exists.`
 */
export class Auth0Error extends Auth0PlusError {
  override name = 'Auth0Error'
  readonly statusCode: number
  /** The HTTP reason phrase Auth0 sends, e.g. `Conflict`. */
  readonly error: string
  /** Auth0's machine-readable code, e.g. `auth0_idp_error`; absent on some answers. */
  readonly errorCode: string | undefined
  readonly method: string | undefined
  readonly path: string | undefined
  /** The rate-limit headers of this answer, when Auth0 sent them (pacers read them here). */
  readonly rateLimit: RateLimitInfo | undefined

  constructor(
    body: Auth0ErrorBody,
    request?: RequestInfo,
    options?: ErrorOptions & { rateLimit?: RateLimitInfo },
  ) {
    super(body.message ?? body.error ?? `HTTP ${body.statusCode}`, options)
    this.statusCode = body.statusCode
    this.error = body.error ?? ''
    this.errorCode = body.errorCode
    this.method = request?.method
    this.path = request?.path
    this.rateLimit = options?.rateLimit
  }

  override toString(): string {
    return `${this.statusCode}: ${this.message}`
  }
}

/** A 429 that outlived every retry. `resetAt` is unix seconds, `-1` when Auth0 sent no reset. */
export class RateLimitError extends Auth0Error {
  override name = 'RateLimitError'
  readonly resetAt: number

  constructor(
    body: Auth0ErrorBody,
    resetAt: number,
    request?: RequestInfo,
    options?: { rateLimit?: RateLimitInfo },
  ) {
    super(body, request, options)
    this.resetAt = resetAt
  }
}

/** The request never got an HTTP answer: refused or reset connection, DNS failure, timeout. */
export class NetworkError extends Auth0PlusError {
  override name = 'NetworkError'
  /** The system error code, e.g. `ECONNRESET`, or `ETIMEDOUT` for a timeout. */
  readonly code: string | undefined
  readonly method: string
  readonly path: string

  constructor(message: string, code: string | undefined, request: RequestInfo) {
    super(`${request.method} ${request.path}: ${message}`)
    this.code = code
    this.method = request.method
    this.path = request.path
  }
}

/** The request took longer than the configured `timeout`. */
export class TimeoutError extends NetworkError {
  override name = 'TimeoutError'
}

/** `get` found no user. Also reachable as `auth0.users.DoesNotExist`. */
export class DoesNotExist extends Auth0PlusError {
  override name = 'DoesNotExist'
}

/** `get` found more than one user. Also reachable as `auth0.users.MultipleObjectsReturned`. */
export class MultipleObjectsReturned extends Auth0PlusError {
  override name = 'MultipleObjectsReturned'
}

/** Reading an attribute that is not readable, such as a password that is not pending. */
export class AttributeError extends Auth0PlusError {
  override name = 'AttributeError'
}

/** A lookup or `Q` that Auth0's search cannot express; thrown before any request. */
export class InvalidLookup extends Auth0PlusError {
  override name = 'InvalidLookup'
}

/** An argument the API cannot accept (bad option, field, slice...); thrown before any request. */
export class InvalidArgument extends Auth0PlusError {
  override name = 'InvalidArgument'
}

/**
 * Auth0 serves at most 1000 results per search; this query needs more than that and cannot be
 * split further. The users export job (`auth0.users.export()`) reads any number of users.
 */
export class SearchLimitExceeded extends Auth0PlusError {
  override name = 'SearchLimitExceeded'
}

/**
 * Auth0 answered with a shape the library cannot use (a list where one user was expected, a
 * page without a numeric total): a proxy's page, an API change, or not Auth0 at all.
 */
export class UnexpectedAnswer extends Auth0PlusError {
  override name = 'UnexpectedAnswer'
}
