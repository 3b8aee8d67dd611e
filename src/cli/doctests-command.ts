import { existsSync, readdirSync } from 'node:fs'
import { constants } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { RunUsers, runDoctests, type CleanUpReport } from '../doctest/index.js'
import { loadTypeScript } from '../doctest/load-typescript.js'
import { SecretScrubber } from '../doctest/secret-scrubber.js'
import { exitCodesHelp } from './exit-codes.js'
import { loadEnvFile } from './global-flags.js'
import { message } from './run-action.js'

/** Where the examples run: the environment they read, and what to do around the run. */
interface Target {
  /** One line for the user, said before anything runs. */
  description: string
  env: Record<string, string>
  /** Delete the run's users at the end: on a real tenant, nobody else will. */
  cleanUp: boolean
  stop(): Promise<void>
}

const REQUIRED = ['DOMAIN', 'CLIENT_ID', 'CLIENT_SECRET', 'CONNECTION'] as const
const BASE_DOMAIN = 'acdc.test'

/**
 * `auth0plus doctests [files...] [--tenant]`: runs README.md and doctests/*.md (or the given files)
 * against an emulator started for the run, or with `--tenant` against the tenant in `.env`.
 *
 * Every file gets `email(name)` (addresses on a domain unique to the run and file) and
 * `indexed()` (waits for search to catch up with the file's writes). With `--tenant`, every user
 * holding one of those addresses is deleted at the end, also after a failure or on SIGINT/SIGTERM
 * (the running example gets a few seconds to settle first; a second signal skips the clean-up).
 * Exits 1 when an example fails or a user could not be deleted, 2 when the run cannot start,
 * 130/143 when interrupted.
 */
export function registerDoctestsCommand(program: Command): void {
  program
    .command('doctests')
    .description(
      'Run the ```ts examples of markdown files against a local emulator (or a real tenant with --tenant).',
    )
    .argument('[files...]', 'markdown files (default: README.md and doctests/*.md)')
    .option('--tenant', 'run against the tenant in .env: creates and deletes users there')
    .addHelpText('after', `\n${exitCodesHelp(['ok', 'failed', 'usage', 'interrupted'])}`)
    .action(async (files: string[], options: { tenant?: boolean }) => {
      const code = await doctests(files, options.tenant ?? false)
      // An interrupted example may still hold a timer or a socket: leave now, not when it ends.
      if (code >= 128) process.exit(code)
      process.exitCode = code
    })
}

async function doctests(files: string[], tenant: boolean): Promise<number> {
  const chosen = files.length > 0 ? files : defaultFiles(process.cwd())
  if (chosen.length === 0) {
    console.error('No markdown files: pass some, or run where README.md or doctests/*.md exist.')
    return 2
  }
  try {
    // Before anything starts: without a usable compiler, say what to install and stop.
    await loadTypeScript()
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    return 2
  }
  const target = tenant ? tenantTarget() : await emulatorTarget()
  if (typeof target === 'string') {
    console.error(target)
    return 2
  }
  console.log(target.description)
  // The runner scrubs its report; this scrubs what the command prints around it.
  const secrets = new SecretScrubber({ ...process.env, ...target.env })
  const log = (line: string) => console.log(secrets.scrub(line))
  const warn = (line: string) => console.error(secrets.scrub(line))
  const users = new RunUsers({ env: target.env, baseDomain: BASE_DOMAIN })
  const controller = new AbortController()
  let signalled: NodeJS.Signals | undefined
  let cleanUpFailed = false
  let unhandled = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      const left = target.cleanUp
        ? ` Users on ${users.domains.join(', ') || 'no domain yet'} may remain.`
        : ''
      warn(`${signal} again: stopping now, without clean-up.${left}`)
      process.exit(128 + constants.signals[signal])
    }
    signalled = signal
    const then = target.cleanUp ? ', then deleting its users' : ''
    log(`${signal}: stopping the run after the running example${then}.`)
    controller.abort()
  }
  // A doc that leaves a promise rejected must not kill the process before the clean-up.
  const onUnhandled = (reason: unknown) => {
    unhandled = true
    warn(
      `Unhandled rejection in a doc: ${reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)}`,
    )
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  process.on('unhandledRejection', onUnhandled)
  try {
    const result = await runDoctests({
      files: chosen,
      env: target.env,
      globals: (file) => ({ ...users.globalsFor(file) }),
      signal: controller.signal,
      afterRun: target.cleanUp
        ? async () => {
            const report = await users.cleanUp()
            for (const line of cleanUpLines(report)) log(line)
            cleanUpFailed = report.failed.length > 0
          }
        : undefined,
      reporter: log,
      color: process.stdout.isTTY === true && !('NO_COLOR' in process.env),
    })
    if (signalled) return 128 + constants.signals[signalled]
    return result.ok && !cleanUpFailed && !unhandled ? 0 : 1
  } catch (error) {
    warn(message(error))
    return 2
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    process.off('unhandledRejection', onUnhandled)
    await target.stop()
  }
}

function cleanUpLines(report: CleanUpReport): string[] {
  const lines =
    report.deleted.length === 0
      ? ['Clean-up: no user of this run was left to delete.']
      : [
          `Clean-up: deleted ${report.deleted.length} user${report.deleted.length === 1 ? '' : 's'} this run created:`,
          ...report.deleted.map((user) => `  ${user}`),
        ]
  if (report.failed.length > 0) {
    lines.push('Clean-up FAILED for:', ...report.failed.map((line) => `  ${line}`))
  }
  return lines
}

function defaultFiles(root: string): string[] {
  const readme = existsSync(join(root, 'README.md')) ? ['README.md'] : []
  const dir = join(root, 'doctests')
  const docs = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.md'))
        .sort()
    : []
  return [...readme, ...docs.map((name) => join('doctests', name))]
}

async function emulatorTarget(): Promise<Target> {
  // Loaded on demand: `--tenant` runs and `--help` never need the emulator.
  const { startEmulator } = await import('../emulator/index.js')
  const tenant = await startEmulator({ port: 0 })
  return {
    description: `Running the doctests against a local emulator at ${tenant.domain}.`,
    env: {
      DOMAIN: tenant.domain,
      CLIENT_ID: tenant.clientId,
      CLIENT_SECRET: tenant.clientSecret,
      CONNECTION: tenant.connection,
    },
    cleanUp: false,
    stop: () => tenant.stop(),
  }
}

/** The tenant from `.env` (or the environment), or why the run must not start. */
function tenantTarget(): Target | string {
  // Only this entry point reads .env: the library itself never loads it.
  try {
    loadEnvFile()
  } catch (error) {
    return message(error)
  }
  const missing = REQUIRED.filter((name) => !process.env[name])
  if (missing.length > 0) {
    return `Refusing to run against a tenant: ${missing.join(', ')} missing from .env and the environment.`
  }
  const env: Record<string, string> = {}
  for (const name of REQUIRED) {
    const value = process.env[name]
    if (value) env[name] = value
  }
  return {
    description:
      `Running the doctests against the tenant ${env.DOMAIN}, connection ${env.CONNECTION}: ` +
      `they create users there, on *.${BASE_DOMAIN} addresses unique to this run, and delete them at the end.`,
    env,
    cleanUp: true,
    stop: async () => {},
  }
}
