import type { UserAccountApi } from '../api/user-account-api.js'
import type { ApiRecord, Collection } from './collection.js'
import { MAX_PAGE_SIZE, SEARCH_CAP } from './page-plan.js'
import type { QueryExecutor } from './query-executor.js'
import { RecordQuerySet } from './record-query-set.js'
import { EMPTY_STATE, type QueryState } from './query-state.js'

/** One MFA authentication method; Auth0 masks e-mails and phone numbers in reads. */
export interface AuthenticationMethod {
  id: string
  type?: string
  confirmed?: boolean
  name?: string
  created_at?: string
  [key: string]: unknown
}

/**
 * A user's authentication methods (GET /api/v2/users/{id}/authentication-methods) as a
 * {@link Collection}: offset pages of up to 100 with totals.
 */
export function authenticationMethodsCollection(
  api: UserAccountApi,
  userId: string,
): Collection<AuthenticationMethod> {
  api.authenticationMethodsRequest(userId, {})
  return {
    paging: { style: 'offset', maxPageSize: MAX_PAGE_SIZE, cap: SEARCH_CAP },
    noun: 'authentication methods',
    idField: 'id',
    hydrate: (record: ApiRecord) => record as AuthenticationMethod,
    pageRequest: (_state, cursor) => {
      if (!('page' in cursor)) throw new TypeError('Authentication methods page by offset.')
      return api.authenticationMethodsRequest(userId, {
        page: cursor.page,
        per_page: cursor.perPage,
        include_totals: true,
      })
    },
    fetchPage: (request) => api.authenticationMethodsPage(request),
  }
}

/** What deleting methods sends; the model binds it to one user. */
export interface AuthenticationMethodActions {
  deleteOne(methodId: string): Promise<void>
  deleteAll(): Promise<void>
}

/**
 * A user's MFA authentication methods: a lazy set (`toArray`, `count`, `for await`, slices)
 * plus `delete(id)` and `deleteAll()`, which act at once. A set already evaluated keeps its
 * cached methods after a delete: read `user.authenticationMethods` again for the new list.
 *
 * @example
 * const methods = user.authenticationMethods
 * await methods.toArray() // GET /users/auth0%7C64f1/authentication-methods?page=0&per_page=100&include_totals=true
 * await methods.delete('phone|dev_O4KjRkA8qpK6bBUo') // DELETE …/authentication-methods/phone%7Cdev_O4KjRkA8qpK6bBUo
 * await methods.deleteAll() // DELETE /users/auth0%7C64f1/authentication-methods
 */
export class AuthenticationMethodSet extends RecordQuerySet<AuthenticationMethod> {
  readonly #actions: AuthenticationMethodActions

  constructor(
    executor: QueryExecutor<AuthenticationMethod>,
    actions: AuthenticationMethodActions,
    state: QueryState = EMPTY_STATE,
  ) {
    super(executor, state)
    this.#actions = actions
  }

  protected override derive(state: QueryState): this {
    return new AuthenticationMethodSet(this.executor, this.#actions, state) as this
  }

  /** DELETE one method by its id (`phone|dev_…`), or a method read from this set. */
  async delete(method: string | AuthenticationMethod): Promise<void> {
    const id = typeof method === 'object' && method !== null ? method.id : method
    await this.#actions.deleteOne(id)
  }

  /** DELETE every method of the user, in one request. */
  async deleteAll(): Promise<void> {
    // A slice would suggest "these", but the request removes every method.
    this.refuseSliced('deleteAll')
    await this.#actions.deleteAll()
  }
}
