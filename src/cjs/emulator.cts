/* The `require` entry of `auth0plus/emulator`; see `index.cts` beside it. */
// eslint-disable-next-line no-restricted-syntax -- a mirror of the ESM entry, whose names are the pinned list
export * from '../emulator/index.js'
