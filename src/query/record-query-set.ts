import { QuerySet } from './query-set.js'
import type { QueryState } from './query-state.js'

/**
 * A lazy set of records of a resource that has no filters of its own beyond those its
 * collection carries (roles, resource servers, a user's log events or authentication methods):
 * slicing, `count`, `toArray`, `at`, `first`, `exists`, `for await` and `compile()` are
 * {@link QuerySet}'s.
 *
 * @example
 * auth0.roles.all().slice(0, 10).compile()
 * // { method: 'GET', path: '/roles', params: { page: 0, per_page: 10, include_totals: true } }
 * user.logs.slice(0, 5).compile()
 * // { method: 'GET', path: '/users/auth0%7C64f1/logs', params: { page: 0, per_page: 5, … } }
 */
export class RecordQuerySet<T> extends QuerySet<T> {
  protected derive(state: QueryState): this {
    return new RecordQuerySet(this.executor, state) as this
  }
}
