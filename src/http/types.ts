import type { RateLimitInfo } from '../errors.js'

/** The shapes the HTTP layer exchanges with the layers above it (api, query, model). */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE'

export type QueryParams = Record<string, string | number | boolean | undefined>

export interface ApiRequest {
  method: HttpMethod
  /** Relative to `/api/v2`, with ids already URL-encoded: `/users/auth0%7C123`. */
  path: string
  params?: QueryParams
  body?: unknown
  /**
   * A multipart body instead of `body` (an import job's file): axios writes it with its
   * boundary and length. Kept as is for a retry, so the same parts go again.
   */
  form?: FormData
}

export interface ApiResponse<T> {
  status: number
  data: T
  /** This answer's own rate-limit headers (never another request's). */
  rateLimit: RateLimitInfo | undefined
}

/** A debug sink. Lines never hold a token, a secret or a request body. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
}
