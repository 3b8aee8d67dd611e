/**
 * User search v3 for the emulator: evaluates Auth0's `q` Lucene syntax, `sort` and the
 * `fields`/`include_fields` projection over stored users. Pure functions, no I/O.
 */
export { compileQuery, compileSearch } from './compile-query.js'
export { indexedSearch } from './indexed-search.js'
export { scanSearch } from './scan-search.js'
export type { SearchPage, SearchRequest } from './search-request.js'
export { compileSort } from './compile-sort.js'
export { projectFields } from './project-fields.js'
export { SearchQueryError } from './search-query-error.js'

/** A user as the Management API returns it (`user_id`, `email`, `identities[]`, metadata, ISO dates…). */
export type UserRecord = Record<string, unknown>
