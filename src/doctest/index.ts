/**
 * The executable-markdown runner behind `auth0plus doctests` and `npm run doctests`.
 *
 * In a ```ts block, `//=> expected` under an expression checks its `util.inspect` form and
 * `//!> Name: message` checks that the code above throws; `...` matches any text. The blocks of a
 * file share one scope, top to bottom. See `src/doctest/README.md` for the conventions.
 */
export { runDoctests } from './run-doctests.js'
export { formatFailure, formatFileSummary, formatTotals } from './report.js'
export { RunUsers, type CleanUpReport, type DocGlobals, type RunUsersOptions } from './run-users.js'
export type {
  DoctestFailure,
  DoctestFailureKind,
  DoctestFileResult,
  DoctestOptions,
  DoctestResult,
} from './types.js'
