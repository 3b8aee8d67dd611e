import { Auth0Error, InvalidArgument, InvalidLookup } from '../index.js'
import { EXIT } from './exit-codes.js'
import { CliError, UsageError } from './usage-error.js'
import { cliWords } from './cli-words.js'

/** What Node's system errors mean, in words (their codes alone tell an operator little). */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EEXIST: 'already exists',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EADDRINUSE: 'the address is in use',
  EADDRNOTAVAIL: 'the address is not available',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
}

const VERBS: Record<string, string> = {
  open: 'cannot open',
  listen: 'cannot listen on',
  mkdir: 'cannot create',
  scandir: 'cannot read',
  read: 'cannot read',
  write: 'cannot write',
}

/**
 * Runs a command's action and turns its outcome into an exit code (see `exit-codes.ts`). Errors
 * print as one line, never a stack: an error's fields or stack could hold request details.
 * The library's own argument errors are misuse too (they are thrown before any request).
 */
export async function runAction(action: () => Promise<number>, command = 'users'): Promise<void> {
  try {
    process.exitCode = await action()
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      error instanceof InvalidLookup ||
      error instanceof InvalidArgument
    // A 401/403 that ends a command is a setup mistake more often than not: say what to check.
    const tail = error instanceof Auth0Error ? hint(error.statusCode) : ''
    process.stderr.write(
      `auth0plus ${command}: ${usage ? 'usage: ' : ''}${message(error)}${tail}\n`,
    )
    process.exitCode = usage ? EXIT.usage : EXIT.failed
  }
}

/**
 * The one-line text of an error: our own kinds as their message, a system error in words with
 * its path, anything else as `String(error)` (an Auth0 error: `status: message`).
 */
export function message(error: unknown): string {
  if (error instanceof UsageError || error instanceof CliError) return error.message
  if (error instanceof InvalidLookup) return cliWords(error.message, '--where')
  const system = systemError(error)
  if (system !== undefined) return system
  return String(error)
}

/** `cannot open backup.jsonl: no such file or directory`, for an error Node's I/O threw. */
export function systemError(error: unknown): string | undefined {
  const { code, path, syscall, port } = (error ?? {}) as {
    code?: unknown
    path?: unknown
    syscall?: unknown
    port?: unknown
  }
  if (typeof code !== 'string' || !(code in SYSTEM_ERRORS)) return undefined
  const what =
    typeof path === 'string'
      ? `${path}`
      : typeof port === 'number'
        ? `port ${port}`
        : typeof syscall === 'string'
          ? syscall
          : 'it'
  const verb = VERBS[String(syscall)] ?? 'cannot use'
  return `${verb} ${what}: ${SYSTEM_ERRORS[code]}`
}

/** What a 401/403 usually means when the CLI meets it: a setup mistake, so name the settings. */
function hint(status: number): string {
  const domain = process.env.DOMAIN ?? '(unset)'
  if (status === 401) {
    return ` (check CLIENT_ID and CLIENT_SECRET for DOMAIN=${domain}: a Machine-to-Machine application authorised for the Management API, or log in again with auth0plus login)`
  }
  if (status === 403) {
    return ` (the application for DOMAIN=${domain} lacks a scope this needs: read:users, update:users, delete:users or create:users, under APIs > Auth0 Management API)`
  }
  return ''
}
