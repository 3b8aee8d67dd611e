/*
 * The `require` entry of `auth0plus`. Node 20.19 and later load ES modules with `require()`, so
 * this re-exports the one ESM build rather than shipping a second copy: CommonJS and ESM callers
 * share the same classes (`instanceof` holds across them). A file of its own, with its own
 * `.d.cts`, so TypeScript's CommonJS resolution (and arethetypeswrong) sees a CommonJS entry.
 */
// eslint-disable-next-line no-restricted-syntax -- a mirror of the ESM entry, whose names are the pinned list
export * from '../index.js'
