import { InvalidArgumentError, Option, type Command } from 'commander'
import {
  Auth0,
  Auth0PlusError,
  InvalidArgument,
  login,
  LoginError,
  logout,
  storedLoginToken,
  type Logger,
  type TokenStore,
} from '../index.js'
import { loadEnvFile } from './global-flags.js'

/** The users scopes the CLI's commands need, asked for unless `--scopes` says otherwise. */
const DEFAULT_SCOPES = 'read:users create:users update:users delete:users'

interface LoginFlags {
  domain?: string
  clientId?: string
  scopes: string
  port: number
  browser: boolean
  timeout: number
}

function parsePort(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new InvalidArgumentError('Not a port (0-65535).')
  }
  return n
}

function parseSeconds(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('Not a positive integer.')
  return n
}

/** DOMAIN and the native app's client id: flags first, then the environment or `.env`. */
function target(flags: { domain?: string; clientId?: string }): {
  domain: string
  clientId: string
} {
  loadEnvFile()
  const domain = flags.domain ?? process.env.DOMAIN
  const clientId = flags.clientId ?? process.env.LOGIN_CLIENT_ID
  if (!domain) throw new InvalidArgument('No tenant: pass --domain or set DOMAIN (.env).')
  if (!clientId) {
    throw new InvalidArgument(
      'No native application: pass --client-id or set LOGIN_CLIENT_ID (.env).',
    )
  }
  return { domain, clientId }
}

/** Prints an error's one-line form (never its fields) and sets the exit code. */
function report(command: string, error: unknown): void {
  const usage = error instanceof InvalidArgument
  const text =
    error instanceof Error && !(error instanceof Auth0PlusError) ? error.message : String(error)
  process.stderr.write(`auth0plus ${command}: ${usage ? 'usage: ' : ''}${text}\n`)
  process.exitCode = usage
    ? 2
    : error instanceof LoginError && error.reason === 'cancelled'
      ? 130
      : 1
}

/**
 * `auth0plus login` and `auth0plus logout`: a person's Management API token through
 * Authorization Code + PKCE (no client secret on the laptop), kept in the token file (0600)
 * until it expires, and forgotten on logout.
 *
 * @example
 * // $ npx auth0plus login --port 8484
 * // Open this URL in a browser to log in:
 * // https://tenant.eu.auth0.com/authorize?response_type=code&client_id=…&code_challenge_method=S256
 * // Logged in to https://tenant.eu.auth0.com (read:users …); the token is valid until 2025-06-02T12:00:00.000Z.
 */
export function registerLoginCommands(program: Command): void {
  program
    .command('login')
    .description(
      'Log in with your browser (Authorization Code + PKCE) and keep a Management API token for the other commands.',
    )
    .option('--domain <domain>', 'the tenant (default: DOMAIN from the environment or .env)')
    .option('--client-id <id>', 'the native application (default: LOGIN_CLIENT_ID)')
    .option('--scopes <scopes>', 'space-separated scopes to ask for', DEFAULT_SCOPES)
    .addOption(
      new Option(
        '--port <port>',
        'callback port on 127.0.0.1 (0 = any free one); a real tenant must list http://127.0.0.1:<port>/callback',
      )
        .default(0)
        .argParser(parsePort),
    )
    .option('--no-browser', 'do not open a browser; only print the URL to open')
    .addOption(
      new Option('--timeout <seconds>', 'give up after this long without an answer')
        .default(300)
        .argParser(parseSeconds),
    )
    .action(async (flags: LoginFlags) => {
      const controller = new AbortController()
      const cancel = () => controller.abort()
      process.once('SIGINT', cancel)
      process.once('SIGTERM', cancel)
      try {
        const { domain, clientId } = target(flags)
        const token = await login({
          domain,
          clientId,
          scopes: flags.scopes,
          port: flags.port,
          openBrowser: flags.browser,
          timeoutMs: flags.timeout * 1000,
          signal: controller.signal,
          // On stdout, one line alone, so scripts (and the browser test) can read it.
          onUrl: (url) => process.stdout.write(`Open this URL in a browser to log in:\n${url}\n`),
        })
        const until = new Date(token.expires_at * 1000).toISOString()
        process.stdout.write(
          `Logged in to ${new URL(domain.includes('://') ? domain : `https://${domain}`).origin} (${token.scope ?? flags.scopes}); the token is valid until ${until}.\n`,
        )
      } catch (error) {
        report('login', error)
      } finally {
        process.off('SIGINT', cancel)
        process.off('SIGTERM', cancel)
      }
    })

  program
    .command('logout')
    .description('Forget the token `auth0plus login` stored for this tenant and application.')
    .option('--domain <domain>', 'the tenant (default: DOMAIN)')
    .option('--client-id <id>', 'the native application (default: LOGIN_CLIENT_ID)')
    .action(async (flags: { domain?: string; clientId?: string }) => {
      try {
        const existed = await logout(target(flags))
        process.stdout.write(
          existed ? 'Logged out: the stored token is forgotten.\n' : 'Not logged in.\n',
        )
      } catch (error) {
        report('logout', error)
      }
    })
}

/** Options of {@link connectFromLogin}. */
export interface LoginConnectOptions {
  defaultConnection?: string
  /** Default: the file store `auth0plus login` writes. */
  tokenStore?: TokenStore
  now?: () => number
  /** `--debug`'s request log. */
  logger?: Logger
}

/**
 * An `Auth0` on the token `auth0plus login` stored for `domain` + `clientId`, while it is valid
 * for at least another minute; undefined when there is none (never logged in, expired, logged
 * out), so the caller can fall back to client credentials or ask the person to log in.
 *
 * @example
 * const auth0 = (await connectFromLogin(env.DOMAIN, env.LOGIN_CLIENT_ID, { defaultConnection: env.CONNECTION })) ?? Auth0.fromEnv(env)
 */
export async function connectFromLogin(
  domain: string,
  clientId: string,
  options: LoginConnectOptions = {},
): Promise<Auth0 | undefined> {
  const token = await storedLoginToken({
    domain,
    clientId,
    ...(options.tokenStore ? { tokenStore: options.tokenStore } : {}),
    ...(options.now ? { now: options.now } : {}),
  })
  if (token === undefined) return undefined
  return new Auth0(domain, token.access_token, {
    ...(options.defaultConnection ? { defaultConnection: options.defaultConnection } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  })
}
