import { InvalidArgument, InvalidLookup } from '../index.js'
import { CliError, EXIT, UsageError } from './usage-error.js'

/**
 * Runs a command's action and turns its outcome into an exit code. Errors print as
 * `String(err)` only: an error's fields or stack could hold request details, never worth the risk.
 * The library's own argument errors are misuse too (they are thrown before any request).
 */
export async function runAction(action: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await action()
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      error instanceof InvalidLookup ||
      error instanceof InvalidArgument
    process.stderr.write(`auth0plus users: ${usage ? 'usage: ' : ''}${message(error)}\n`)
    process.exitCode = usage ? EXIT.usage : EXIT.failed
  }
}

/** The one-line text of an error, without the `Error:` prefix for our own kinds. */
export function message(error: unknown): string {
  if (error instanceof UsageError || error instanceof CliError) return error.message
  return String(error)
}
