import type { HttpClient } from '../http/http-client.js'

/** What a bound users model knows about its tenant. Private to the model layer. */
export interface ModelContext {
  readonly http: HttpClient
  /** The connection new users go to and queries are scoped to, when set. */
  readonly connection: string | undefined
  /** Sent as `client_id` beside e-mail and phone changes (it picks the e-mail template). */
  readonly clientId: string | undefined
}

/** Where a bound model class keeps its context; a symbol so it stays off the public surface. */
export const MODEL_CONTEXT = Symbol('auth0plus.modelContext')

/** Path of one user: ids such as `auth0|abc` are URL-encoded. */
export function userPath(id: string): string {
  return `/users/${encodeURIComponent(id)}`
}
