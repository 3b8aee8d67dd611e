import type { HttpClient } from '../http/http-client.js'
import { oneRecord } from './answer-shape.js'

/** A ticket request body in Auth0's wire names (`user_id`, `result_url`, `ttl_sec`, …). */
export type TicketBody = Record<string, unknown>

/**
 * The tickets endpoints: one-time links that let a person set a new password or verify an
 * e-mail address in Auth0's own pages. The answer is `{ ticket: url }`; the URL is returned.
 *
 * @example
 * await new TicketsApi(http).passwordChange({ user_id: 'auth0|64f1', ttl_sec: 3600 })
 * // POST /api/v2/tickets/password-change {"user_id":"auth0|64f1","ttl_sec":3600}
 * //=> 'https://tenant.eu.auth0.com/u/reset-password?ticket=…#'
 */
export class TicketsApi {
  readonly #http: HttpClient

  constructor(http: HttpClient) {
    this.#http = http
  }

  /** POST /tickets/password-change: the ticket URL. */
  passwordChange(body: TicketBody): Promise<string> {
    return this.#ticket('/tickets/password-change', body)
  }

  /** POST /tickets/email-verification: the ticket URL. */
  emailVerification(body: TicketBody): Promise<string> {
    return this.#ticket('/tickets/email-verification', body)
  }

  async #ticket(path: string, body: TicketBody): Promise<string> {
    const { data } = await this.#http.request<unknown>({ method: 'POST', path, body })
    return oneRecord(data, 'ticket', 'a ticket').ticket as string
  }
}
