/** What the service needs from its environment (a `.env` file in development). */
export interface ServiceConfig {
  /** The tenant: `tenant.eu.auth0.com`, or `http://127.0.0.1:4010` for the emulator. */
  domain: string
  clientId: string
  clientSecret: string
  /** The database connection users are created in and listed from. */
  connection: string
  /** The `aud` callers' tokens must carry (SERVICE_AUDIENCE). */
  audience: string
  /** The `iss` callers' tokens must carry: the tenant's origin with a trailing slash. */
  issuer: string
  port: number
  /** Loopback by default: an internal service should not listen on every interface by accident. */
  host: string
}

/** A configuration problem; its message names variables, never their values. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * Reads DOMAIN, CLIENT_ID, CLIENT_SECRET, CONNECTION, SERVICE_AUDIENCE (required) and PORT
 * (default 3000), HOST (default 127.0.0.1). The token issuer is derived from DOMAIN.
 */
export function readConfig(env: Record<string, string | undefined> = process.env): ServiceConfig {
  const required = ['DOMAIN', 'CLIENT_ID', 'CLIENT_SECRET', 'CONNECTION', 'SERVICE_AUDIENCE']
  const missing = required.filter((name) => !env[name]?.trim())
  if (missing.length > 0) {
    throw new ConfigError(`Set ${missing.join(', ')} in the environment or in .env.`)
  }
  const port = Number(env.PORT?.trim() || 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('PORT must be an integer from 0 to 65535.')
  }
  const domain = env.DOMAIN!.trim()
  return {
    domain,
    clientId: env.CLIENT_ID!.trim(),
    clientSecret: env.CLIENT_SECRET!.trim(),
    connection: env.CONNECTION!.trim(),
    audience: env.SERVICE_AUDIENCE!.trim(),
    issuer: issuerOf(domain),
    port,
    host: env.HOST?.trim() || '127.0.0.1',
  }
}

/**
 * What Auth0 puts in `iss`: `https://{domain}/` for a bare domain, the origin plus `/` for a
 * URL (the emulator's `http://127.0.0.1:4010` issues `http://127.0.0.1:4010/`).
 *
 * @example
 * issuerOf('tenant.eu.auth0.com') // → 'https://tenant.eu.auth0.com/'
 */
export function issuerOf(domain: string): string {
  try {
    return `${new URL(/^https?:\/\//i.test(domain) ? domain : `https://${domain}`).origin}/`
  } catch {
    throw new ConfigError('DOMAIN must be a host name such as tenant.eu.auth0.com, or a URL.')
  }
}
