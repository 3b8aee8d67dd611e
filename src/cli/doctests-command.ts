import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import dotenv from 'dotenv'
import { runDoctests, type DoctestOptions } from '../doctest/index.js'

/** Where the examples run: the environment they read, and what to do around the run. */
interface Target {
  /** One line for the user, said before anything runs. */
  description: string
  env: Record<string, string>
  /** Per-run set-up and clean-up (unique e-mails, deleting created users) plug in here. */
  hooks: Pick<DoctestOptions, 'beforeRun' | 'afterRun'>
  stop(): Promise<void>
}

const REQUIRED = ['DOMAIN', 'CLIENT_ID', 'CLIENT_SECRET'] as const

/**
 * `auth0plus doctests [files...] [--tenant]`: runs README.md and doctests/*.md (or the given files)
 * against an emulator started for the run, or with `--tenant` against the tenant in `.env`.
 * Exits 1 when an example fails, 2 when the run cannot start.
 */
export function registerDoctestsCommand(program: Command): void {
  program
    .command('doctests')
    .description(
      'Run the ```ts examples of markdown files against a local emulator (or a real tenant with --tenant).',
    )
    .argument('[files...]', 'markdown files (default: README.md and doctests/*.md)')
    .option('--tenant', 'run against the tenant in .env: creates and deletes users there')
    .action(async (files: string[], options: { tenant?: boolean }) => {
      process.exitCode = await doctests(files, options.tenant ?? false)
    })
}

async function doctests(files: string[], tenant: boolean): Promise<number> {
  const chosen = files.length > 0 ? files : defaultFiles(process.cwd())
  if (chosen.length === 0) {
    console.error('No markdown files: pass some, or run where README.md or doctests/*.md exist.')
    return 2
  }
  const target = tenant ? tenantTarget() : await emulatorTarget()
  if (typeof target === 'string') {
    console.error(target)
    return 2
  }
  console.log(target.description)
  try {
    const result = await runDoctests({
      files: chosen,
      env: target.env,
      ...target.hooks,
      reporter: (line) => console.log(line),
      color: process.stdout.isTTY === true && !('NO_COLOR' in process.env),
    })
    return result.ok ? 0 : 1
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    return 2
  } finally {
    await target.stop()
  }
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
    hooks: {},
    stop: () => tenant.stop(),
  }
}

/** The tenant from `.env` (or the environment), or why the run must not start. */
function tenantTarget(): Target | string {
  // Only this entry point reads .env: the library itself never loads it.
  dotenv.config({ quiet: true })
  const missing = REQUIRED.filter((name) => !process.env[name])
  if (missing.length > 0) {
    return `Refusing to run against a tenant: ${missing.join(', ')} missing from .env and the environment.`
  }
  const env: Record<string, string> = {}
  for (const name of [...REQUIRED, 'CONNECTION']) {
    const value = process.env[name]
    if (value) env[name] = value
  }
  const connection = env.CONNECTION ? `, connection ${env.CONNECTION}` : ''
  return {
    description: `Running the doctests against the tenant ${env.DOMAIN}${connection}: they create and delete users there.`,
    env,
    hooks: {},
    stop: async () => {},
  }
}
