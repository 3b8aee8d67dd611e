import { Auth0 } from '../index.js'
import { debugLogger, loadEnvFile } from './global-flags.js'
import { connectFromLogin } from './login-command.js'
import { UsageError } from './usage-error.js'

/**
 * The tenant the users commands work on, from the environment or the env file (`./.env`, or
 * `--env`; the environment wins; loaded here, in the command, never by the library).
 *
 * A person's token from `auth0plus login` (DOMAIN + LOGIN_CLIENT_ID) is used while it is
 * valid; otherwise the machine credentials DOMAIN, CLIENT_ID and CLIENT_SECRET. CONNECTION
 * scopes both. Missing or malformed settings are usage errors (exit 2), named as settings.
 */
export async function tenantFromEnv(): Promise<Auth0> {
  loadEnvFile()
  const env = process.env
  if (env.DOMAIN) checkDomain(env.DOMAIN)
  const defaultConnection = env.CONNECTION || undefined
  const logger = debugLogger()
  const login =
    env.DOMAIN && env.LOGIN_CLIENT_ID
      ? await connectFromLogin(env.DOMAIN, env.LOGIN_CLIENT_ID, {
          defaultConnection,
          ...(logger ? { logger } : {}),
        })
      : undefined
  if (login) return login
  const missing = ['DOMAIN', 'CLIENT_ID', 'CLIENT_SECRET'].filter((name) => !env[name])
  if (missing.length > 0) {
    throw new UsageError(
      `the tenant settings are incomplete: this command needs ${missing.join(', ')} in the environment or .env (or --env); see .env.example.`,
    )
  }
  return Auth0.fromEnv(env, logger ? { logger } : {})
}

/** DOMAIN is a host (`my-tenant.eu.auth0.com`) or an origin (`http://127.0.0.1:4010`), nothing more. */
function checkDomain(domain: string): void {
  const text = domain.trim()
  let url: URL | undefined
  try {
    url = new URL(text.includes('://') ? text : `https://${text}`)
  } catch {
    url = undefined
  }
  const ok =
    url !== undefined &&
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.pathname === '/' &&
    !/[?#@]/.test(text)
  if (!ok) {
    throw new UsageError(
      `DOMAIN=${text} is not a tenant host or origin: use a host such as my-tenant.eu.auth0.com, or an origin such as http://127.0.0.1:4010 (no path).`,
    )
  }
}
