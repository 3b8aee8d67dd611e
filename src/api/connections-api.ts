import type { HttpClient } from '../http/http-client.js'
import { recordList } from './answer-shape.js'

/**
 * The connections endpoint, as far as the library reads it.
 *
 * @example
 * await new ConnectionsApi(http).idOf('Username-Password-Authentication')
 * // GET /api/v2/connections?name=Username-Password-Authentication&fields=id,name&include_fields=true
 */
export class ConnectionsApi {
  readonly #http: HttpClient

  constructor(http: HttpClient) {
    this.#http = http
  }

  /** The id of the connection named `name`, or `undefined` when the tenant has none. */
  async idOf(name: string): Promise<string | undefined> {
    const { data } = await this.#http.request<unknown>({
      method: 'GET',
      path: '/connections',
      params: { name, fields: 'id,name', include_fields: true },
    })
    const found = recordList(data, 'connections').find((c) => c.name === name)
    return typeof found?.id === 'string' ? found.id : undefined
  }
}
