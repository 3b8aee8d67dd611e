/** What the service needs from its environment (a `.env` file in development). */
export interface ServiceConfig {
  /** The tenant: `tenant.eu.auth0.com`, or `http://127.0.0.1:4010` for the emulator. */
  domain: string
  clientId: string
  clientSecret: string
  /** The database connection users are created in and listed from. */
  connection: string
  port: number
  /** Loopback by default: an internal service should not listen on every interface by accident. */
  host: string
}

/** A configuration problem; its message names variables, never their values. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * Reads DOMAIN, CLIENT_ID, CLIENT_SECRET, CONNECTION (required) and PORT (default 3000),
 * HOST (default 127.0.0.1).
 */
export function readConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  const required = ['DOMAIN', 'CLIENT_ID', 'CLIENT_SECRET', 'CONNECTION']
  const missing = required.filter((name) => !env[name]?.trim())
  if (missing.length > 0) {
    throw new ConfigError(`Set ${missing.join(', ')} in the environment or in .env.`)
  }
  const port = Number(env.PORT?.trim() || 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('PORT must be an integer from 0 to 65535.')
  }
  return {
    domain: env.DOMAIN!.trim(),
    clientId: env.CLIENT_ID!.trim(),
    clientSecret: env.CLIENT_SECRET!.trim(),
    connection: env.CONNECTION!.trim(),
    port,
    host: env.HOST?.trim() || '127.0.0.1',
  }
}
