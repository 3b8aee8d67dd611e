/**
 * A `q` or `sort` that Auth0 would refuse. The server turns it into
 * `400 {"statusCode":400,"error":"Bad Request","message":<message>,"errorCode":"invalid_query_string"}`.
 *
 * @example
 * ```ts
 * try { compileQuery('name:*sa') } catch (e) { e instanceof SearchQueryError } // true
 * ```
 */
export class SearchQueryError extends Error {
  override name = 'SearchQueryError'
}

/** Auth0's logs endpoint phrases query errors this way; we reuse it for every `q` refusal. */
const PREFIX = 'The search query string has an error: '

/** Builds the error for a refused `q`, with the Auth0-style prefix. */
export function queryError(detail: string, cause?: unknown): SearchQueryError {
  return new SearchQueryError(PREFIX + detail, cause === undefined ? undefined : { cause })
}
