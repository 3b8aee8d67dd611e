import { inspect, type InspectOptions } from 'node:util'

/** A value as `//=>` shows it: `util.inspect`, never coloured. */
export function formatValue(value: unknown, options: InspectOptions = {}): string {
  return inspect(value, { ...options, colors: false })
}

/**
 * A thrown value as `//!>` shows it: `Name: message` for errors (what `Error.prototype.toString`
 * prints, ignoring any override, so `//!> Auth0Error: ...` reads the same for every error), and
 * the inspected value for anything else thrown.
 */
export function formatThrown(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { name, message } = error as { name?: unknown; message?: unknown }
    const title = typeof name === 'string' && name !== '' ? name : 'Error'
    return message === '' || message === undefined ? title : `${title}: ${String(message)}`
  }
  return `Uncaught ${formatValue(error)}`
}
