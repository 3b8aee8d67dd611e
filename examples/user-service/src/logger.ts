/**
 * Where the service writes: one `info` line per request, `error` for 5xx answers. The server
 * only ever passes method, path (no query string: it may hold e-mails or a search), status,
 * duration and error names, so no sink can receive a token, secret or password.
 */
export interface ServiceLogger {
  info(line: string, fields?: Record<string, unknown>): void
  error(line: string, fields?: Record<string, unknown>): void
}

/** Plain lines on stdout and stderr, for a terminal or a container log collector. */
export const consoleLogger: ServiceLogger = {
  info: (line) => console.log(line),
  error: (line) => console.error(line),
}
