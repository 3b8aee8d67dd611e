import { HttpError } from './http-error.js'

// `provider|id`: `auth0|64f1…`, `google-oauth2|1034…`, `samlp|Corp|ann@corp.com` (more pipes).
const USER_ID = /^[A-Za-z0-9_-]+\|\S+$/
const MAX_LENGTH = 512

/**
 * A user id from the path, checked before any request: Auth0 would 404 a malformed id, and a
 * 400 tells the caller the id itself is wrong rather than the user gone.
 */
export function parseUserId(raw: string | undefined): string {
  if (raw === undefined || raw.length > MAX_LENGTH || !USER_ID.test(raw)) {
    throw new HttpError(400, "A user id looks like 'auth0|64f1c2…' (provider|id), URL-encoded.")
  }
  return raw
}
