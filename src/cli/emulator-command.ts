import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InvalidArgumentError, Option, type Command } from 'commander'
import type { PasswordPolicy, RateLimitOption, RunningEmulator } from '../emulator/index.js'
import { EXIT, exitCodesHelp } from './exit-codes.js'
import { message, runAction, systemError } from './run-action.js'
import { CliError } from './usage-error.js'

const PRESETS = ['free', 'essentials', 'enterprise', 'off']
const POLICIES: readonly PasswordPolicy[] = ['none', 'low', 'fair', 'good', 'excellent']

function parseInteger(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('Not a non-negative integer.')
  }
  return n
}

function parsePort(value: string): number {
  const n = parseInteger(value)
  if (n > 65_535) throw new InvalidArgumentError('A TCP port is 0 to 65535 (0 = any free port).')
  return n
}

/** `burst/perSecond` (e.g. `50/16`) as a custom bucket, or a plan name. */
function parseRateLimit(value: string): RateLimitOption {
  const custom = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(value)
  if (custom) return { burst: Number(custom[1]), perSecond: Number(custom[2]) }
  if (!PRESETS.includes(value)) {
    throw new InvalidArgumentError(`Use one of ${PRESETS.join(', ')} or BURST/PER_SECOND.`)
  }
  return value === 'off' ? false : (value as RateLimitOption)
}

function parsePolicy(value: string): PasswordPolicy {
  if (!(POLICIES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`Use one of ${POLICIES.join(', ')}.`)
  }
  return value as PasswordPolicy
}

interface EmulatorFlags {
  port: number
  data?: string
  https?: boolean
  rateLimit: RateLimitOption
  indexDelay: number
  passwordPolicy: PasswordPolicy
}

export function envLines(tenant: RunningEmulator, caFile: string | undefined): string[] {
  const host = new URL(tenant.domain).host
  const lines = [
    '# auth0plus: new Auth0(DOMAIN, ...) takes the origin, scheme included',
    `DOMAIN=${tenant.domain}`,
    '# official SDKs (node-auth0, auth0-python, ...) and the original library: bare host:port, they build https://{domain} (run with --https)',
    `AUTH0_DOMAIN=${host}`,
    '# OIDC clients and JWT middleware (openid-client discovery, express-oauth2-jwt-bearer issuerBaseURL)',
    `AUTH0_ISSUER_BASE_URL=${tenant.domain}/`,
    `AUTH0_AUDIENCE=${tenant.audience}`,
    `CLIENT_ID=${tenant.clientId}`,
    `CLIENT_SECRET=${tenant.clientSecret}`,
    `CONNECTION=${tenant.connection}`,
  ]
  if (caFile !== undefined) {
    lines.push(
      '# trust the emulator CA: Node reads this at process start (export it); Python: REQUESTS_CA_BUNDLE / SSL_CERT_FILE',
      `NODE_EXTRA_CA_CERTS=${caFile}`,
    )
  }
  return [...lines, '']
}

/**
 * `auth0plus emulator`: runs the local tenant in the foreground, prints the `.env` lines that
 * point auth0plus at it, and stops cleanly (data file flushed) on SIGINT/SIGTERM.
 *
 * @example
 * // $ npx auth0plus emulator --port 4010 --data tenant.json
 * // DOMAIN=http://127.0.0.1:4010
 * // CLIENT_ID=…
 * // CLIENT_SECRET=…
 * // CONNECTION=Username-Password-Authentication
 */
export function registerEmulatorCommand(program: Command): void {
  program
    .command('emulator')
    .description('Run a local Auth0 tenant emulator and print the .env lines that point at it.')
    .addOption(
      new Option('-p, --port <port>', 'TCP port on 127.0.0.1 (0 = any free port)')
        .default(4010)
        .argParser(parsePort),
    )
    .option('--data <file>', 'persist the tenant in this file (kept across restarts)')
    .option('--https', 'serve HTTPS with a certificate signed by a local CA (kept beside --data)')
    .addOption(
      new Option('--password-policy <level>', 'none | low | fair | good | excellent')
        .default('fair')
        .argParser(parsePolicy),
    )
    .addOption(
      new Option('--rate-limit <preset>', 'free | essentials | enterprise | off | BURST/PER_SECOND')
        .default(false, 'off')
        .argParser(parseRateLimit),
    )
    .addOption(
      new Option('--index-delay <ms>', 'delay before a write shows up in search')
        .default(0)
        .argParser(parseInteger),
    )
    .addHelpText('after', `\n${exitCodesHelp(['ok', 'failed', 'usage'])}`)
    .action((flags: EmulatorFlags) => runAction(() => runEmulator(flags), 'emulator'))
}

async function runEmulator(flags: EmulatorFlags): Promise<number> {
  // Loaded here: `auth0plus users ...` never needs the emulator.
  const { startEmulator } = await import('../emulator/index.js')
  const tenant = await startEmulator({
    port: flags.port,
    https: flags.https ?? false,
    rateLimit: flags.rateLimit,
    indexDelayMs: flags.indexDelay,
    passwordPolicy: flags.passwordPolicy,
    ...(flags.data === undefined ? {} : { dataFile: flags.data }),
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw new CliError(
        `port ${flags.port} on 127.0.0.1 is in use: pick another --port, or --port 0 for any free one.`,
      )
    }
    if (flags.data !== undefined && typeof error.code === 'string' && 'path' in error) {
      throw new CliError(`--data ${flags.data}: ${systemError(error) ?? error.code}`)
    }
    throw error
  })
  // With --data the CA lives beside the data file (one trust setting across restarts);
  // without, it goes to a temp folder removed at stop.
  let caFile = tenant.caFile
  let tempDir: string | undefined
  if (tenant.caCert !== undefined && caFile === undefined) {
    tempDir = await mkdtemp(join(tmpdir(), 'auth0plus-emulator-'))
    caFile = join(tempDir, 'ca.pem')
    await writeFile(caFile, tenant.caCert)
  }
  const lines = envLines(tenant, caFile)
  // Listen for the signals before announcing the tenant: whoever reads the lines may stop
  // it at once.
  const stopped = new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.stderr.write(`auth0plus emulator: ${signal}, stopping.\n`)
      tenant
        .stop()
        .finally(() => (tempDir ? rm(tempDir, { recursive: true, force: true }) : undefined))
        .then(
          () => resolve(EXIT.ok),
          (err: unknown) => {
            process.stderr.write(`auth0plus emulator: ${message(err)}\n`)
            resolve(EXIT.failed)
          },
        )
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  process.stdout.write(`${lines.join('\n')}\n`)
  process.stderr.write('auth0plus emulator running; Ctrl-C to stop.\n')
  return stopped
}
