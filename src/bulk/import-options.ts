import { InvalidArgument } from '../errors.js'
import type { ImportOptions } from './import-types.js'

/** `import()`'s arguments as given, or `InvalidArgument` before any request. */
export function checkImportArguments(users: unknown, options: unknown): ImportOptions {
  const iterable =
    typeof users === 'object' &&
    users !== null &&
    (Symbol.iterator in users || Symbol.asyncIterator in users)
  if (!iterable || typeof users === 'string') {
    throw new InvalidArgument('import() takes an Iterable or AsyncIterable of users.')
  }
  if (options === undefined) return {}
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgument('import() options must be an object.')
  }
  const given = options as ImportOptions
  const known = new Set([
    'connection',
    'connectionId',
    'upsert',
    'externalId',
    'sendCompletionEmail',
    'concurrency',
    'onProgress',
    'signal',
  ])
  const extra = Object.keys(given).find((key) => !known.has(key))
  if (extra !== undefined) throw new InvalidArgument(`import() has no option '${extra}'.`)
  for (const name of ['connection', 'connectionId', 'externalId'] as const) {
    const value = given[name]
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new InvalidArgument(`${name} must be a non-empty string.`)
    }
  }
  if (given.connection !== undefined && given.connectionId !== undefined) {
    throw new InvalidArgument('Give connection or connectionId, not both.')
  }
  for (const name of ['upsert', 'sendCompletionEmail'] as const) {
    if (given[name] !== undefined && typeof given[name] !== 'boolean') {
      throw new InvalidArgument(`${name} must be true or false.`)
    }
  }
  if (given.concurrency !== undefined && given.concurrency !== 1 && given.concurrency !== 2) {
    throw new InvalidArgument('concurrency must be 1 or 2: Auth0 runs 2 import jobs per tenant.')
  }
  if (given.onProgress !== undefined && typeof given.onProgress !== 'function') {
    throw new InvalidArgument('onProgress must be a function.')
  }
  if (given.signal !== undefined && !(given.signal instanceof AbortSignal)) {
    throw new InvalidArgument('signal must be an AbortSignal.')
  }
  return given
}
