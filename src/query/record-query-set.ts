import { QuerySet } from './query-set.js'
import type { QueryState } from './query-state.js'

/**
 * A lazy set of records of a resource without filters of its own beyond those its collection
 * carries (roles, resource servers): slicing, `count`, `toArray`, `for await`, `compile()`.
 *
 * @example
 * auth0.roles.all().slice(0, 10).compile()
 * // { method: 'GET', path: '/roles', params: { page: 0, per_page: 10, include_totals: true } }
 */
export class RecordQuerySet<T> extends QuerySet<T> {
  protected derive(state: QueryState): this {
    return new RecordQuerySet(this.executor, state) as this
  }
}
