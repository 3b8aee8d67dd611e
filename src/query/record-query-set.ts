import { QuerySet } from './query-set.js'
import type { QueryExecutor } from './query-executor.js'
import { EMPTY_STATE, type QueryState } from './query-state.js'

/**
 * A lazy set of a resource that only pages (no filters): a user's log events, a user's
 * authentication methods. Slicing, `count`, `toArray`, `at`, `first`, `exists` and `for await`
 * are {@link QuerySet}'s.
 *
 * @example
 * const latest = user.logs.slice(0, 5)
 * latest.compile() // { method: 'GET', path: '/users/auth0%7C64f1/logs', params: { page: 0, per_page: 5, … } }
 */
export class RecordQuerySet<T> extends QuerySet<T> {
  constructor(executor: QueryExecutor<T>, state: QueryState = EMPTY_STATE) {
    super(executor, state)
  }

  protected derive(state: QueryState): this {
    return new RecordQuerySet(this.executor, state) as this
  }
}
