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

/** Exit codes the users commands promise (documented in `auth0plus users --help`). */
export const EXIT = {
  ok: 0,
  /** Something failed, was not attempted, or the action was refused (`--max`, no `--yes`). */
  failed: 1,
  usage: 2,
  /** Stopped by Ctrl-C, as shells report 128 + SIGINT. */
  interrupted: 130,
} as const
