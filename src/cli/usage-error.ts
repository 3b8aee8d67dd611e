/**
 * A command line the CLI cannot act on (bad flag, value or combination). It is always thrown
 * before any request, and the process exits with code 2, as shells expect for misuse.
 */
export class UsageError extends Error {
  override name = 'UsageError'
}

/**
 * A failure the CLI explains in its own words: printed as its message alone, exit code 1.
 */
export class CliError extends Error {
  override name = 'CliError'
}
