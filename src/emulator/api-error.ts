import { STATUS_CODES } from 'node:http'

/**
 * Auth0's reason phrases where they differ from Node's: Auth0's API runs on hapi, whose Boom
 * errors still use the RFC 2616 names.
 */
const REASON_OVERRIDES: Record<number, string> = {
  413: 'Request Entity Too Large',
  414: 'Request-URI Too Large',
}

/** The HTTP reason phrase Auth0 puts in an error body's `error` field. */
export function reasonPhrase(status: number): string {
  return REASON_OVERRIDES[status] ?? STATUS_CODES[status] ?? 'Unknown'
}

/**
 * An error the Management API answers with, in Auth0's body shape:
 * `{statusCode, error, message, errorCode?}` (plus `attributes` for JWT-layer 401s).
 *
 * @example
 * throw new ApiError(404, 'The user does not exist.', 'inexistent_user')
 * // → 404 {"statusCode":404,"error":"Not Found","message":"The user does not exist.","errorCode":"inexistent_user"}
 */
export class ApiError extends Error {
  override name = 'ApiError'

  constructor(
    readonly statusCode: number,
    message: string,
    readonly errorCode?: string,
    readonly attributes?: Record<string, unknown>,
  ) {
    super(message)
  }

  /** The JSON body, keys in Auth0's order. */
  body(): Record<string, unknown> {
    const body: Record<string, unknown> = {
      statusCode: this.statusCode,
      error: reasonPhrase(this.statusCode),
      message: this.message,
    }
    if (this.errorCode !== undefined) body.errorCode = this.errorCode
    if (this.attributes !== undefined) body.attributes = this.attributes
    return body
  }
}

/**
 * An error of the Authentication API (`/oauth/token`), in OAuth's shape:
 * `{"error":"access_denied","error_description":"Unauthorized"}`.
 */
export class OAuthError extends Error {
  override name = 'OAuthError'

  constructor(
    readonly statusCode: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description)
  }

  body(): Record<string, unknown> {
    return { error: this.error, error_description: this.description }
  }
}

/** 404 for an unknown user id, used by every `/users/{id}` route. */
export function userNotFound(): ApiError {
  return new ApiError(404, 'The user does not exist.', 'inexistent_user')
}

/** 400 for a connection name or id the tenant does not have. */
export function connectionNotFound(): ApiError {
  return new ApiError(400, 'The connection does not exist.', 'inexistent_connection')
}
