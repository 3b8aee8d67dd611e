import { InvalidArgument } from '../errors.js'
import type { HttpClient } from '../http/http-client.js'
import { recordListIn } from './answer-shape.js'
import { pathSegment } from './path-segment.js'

/** One brute-force block: who (e-mail, username or phone) is blocked, from where. */
export interface UserBlock {
  identifier: string
  /** Absent in Account-Lockout mode, which blocks the identifier from every IP. */
  ip?: string
  connection?: string
  [key: string]: unknown
}

/**
 * The user-blocks endpoints: brute-force protection's blocks (not the `blocked` attribute, an
 * administrator's block, which PATCH /users/{id} sets). By user id, or by identifier for a
 * person who may have no user yet.
 *
 * @example
 * await new UserBlocksApi(http).unblockIdentifier('angus@acdc.com')
 * // DELETE /api/v2/user-blocks?identifier=angus%40acdc.com
 */
export class UserBlocksApi {
  readonly #http: HttpClient

  constructor(http: HttpClient) {
    this.#http = http
  }

  /** GET /user-blocks/{id}: the user's blocks, `[]` when none. */
  async ofUser(userId: string): Promise<UserBlock[]> {
    const { data } = await this.#http.request<unknown>({ method: 'GET', path: blocksPath(userId) })
    return recordListIn(data, 'blocked_for', 'user blocks') as UserBlock[]
  }

  /** DELETE /user-blocks/{id}: lifts every brute-force block of the user (204). */
  async unblockUser(userId: string): Promise<void> {
    await this.#http.request<unknown>({ method: 'DELETE', path: blocksPath(userId) })
  }

  /** GET /user-blocks?identifier=…: the blocks of an e-mail, username or phone number. */
  async ofIdentifier(identifier: string): Promise<UserBlock[]> {
    const { data } = await this.#http.request<unknown>({
      method: 'GET',
      path: '/user-blocks',
      params: { identifier: checkIdentifier(identifier) },
    })
    return recordListIn(data, 'blocked_for', 'user blocks') as UserBlock[]
  }

  /** DELETE /user-blocks?identifier=…: lifts the blocks of an e-mail, username or phone (204). */
  async unblockIdentifier(identifier: string): Promise<void> {
    await this.#http.request<unknown>({
      method: 'DELETE',
      path: '/user-blocks',
      params: { identifier: checkIdentifier(identifier) },
    })
  }
}

function blocksPath(userId: string): string {
  return `/user-blocks/${pathSegment(userId, 'user id')}`
}

/** An identifier travels in the query string (encoded there); it must be a non-empty string. */
function checkIdentifier(identifier: unknown): string {
  if (typeof identifier !== 'string' || identifier.trim() === '') {
    throw new InvalidArgument('An identifier is a non-empty e-mail, username or phone number.')
  }
  return identifier
}
