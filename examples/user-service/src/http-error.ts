import { STATUS_CODES } from 'node:http'

/** What the service answers with an error: `{ statusCode, error, message }`, as Auth0 does. */
export interface ErrorBody {
  statusCode: number
  error: string
  message: string
  /** Every validation problem, when there are several. */
  problems?: string[]
  /** Auth0's machine-readable code, when an Auth0 answer is passed on. */
  errorCode?: string
}

/**
 * An answer the service gives on purpose: a validation failure, a missing user, a mapped Auth0
 * error. Messages are written here, never copied from input, so they cannot echo a password.
 */
export class HttpError extends Error {
  override name = 'HttpError'
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly problems: readonly string[] | undefined
  readonly errorCode: string | undefined

  constructor(
    status: number,
    message: string,
    extra: {
      headers?: Record<string, string>
      problems?: string[]
      errorCode?: string
      /** What went wrong underneath, for the 5xx log line; never sent to the caller. */
      cause?: unknown
    } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause })
    this.status = status
    this.headers = extra.headers ?? {}
    this.problems = extra.problems
    this.errorCode = extra.errorCode
  }

  /** Several validation problems in one 400, so a caller can fix them all at once. */
  static invalid(problems: string[]): HttpError {
    return new HttpError(400, problems.join('; '), { problems })
  }

  get body(): ErrorBody {
    const body: ErrorBody = {
      statusCode: this.status,
      error: STATUS_CODES[this.status] ?? 'Error',
      message: this.message,
    }
    if (this.problems && this.problems.length > 1) body.problems = [...this.problems]
    if (this.errorCode !== undefined) body.errorCode = this.errorCode
    return body
  }
}
