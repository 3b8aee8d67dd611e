import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { expect } from 'vitest'
import { Auth0 } from '../../src/index.js'
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../src/emulator/index.js'

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))
// Resolved here, so the CLI can run in a temporary directory that has no node_modules.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

/** A distinctive secret, searched for in every output. */
export const SECRET = 'cli-test-secret-Zq81vX3mW0pLk5'

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/** The tenant settings the CLI reads, for an emulator. */
export function envFor(tenant: RunningEmulator): Record<string, string> {
  return {
    DOMAIN: tenant.domain,
    CLIENT_ID: tenant.clientId,
    CLIENT_SECRET: tenant.clientSecret,
    CONNECTION: tenant.connection,
  }
}

/** A working directory of its own (no stray .env; backups land here). */
export function scratchDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'auth0plus-cli-'))
}

/** Starts `auth0plus users ...` in a child process with only the given tenant settings. */
export function startCli(args: string[], env: Record<string, string>, cwd: string): ChildProcess {
  return startMain(['users', ...args], env, cwd)
}

/** Starts `auth0plus ...` (any command) in a child process with only the given settings. */
export function startMain(args: string[], env: Record<string, string>, cwd: string): ChildProcess {
  return spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Collects a child's output and exit code, and checks that no secret ever shows up in it. */
export async function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  for (const text of [stdout, stderr]) {
    expect(text).not.toContain(SECRET)
    expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/) // no JWT (access token)
  }
  return { code, stdout, stderr }
}

export async function runCli(
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<CliRun> {
  return finished(startCli(args, env, cwd ?? (await scratchDir())))
}

/**
 * The seed users most tests search: three AC/DC members and one from Queen. Distinct
 * `created_at`s make the default order (created_at, then a random user_id) deterministic.
 */
export const BAND_USERS = [
  {
    email: 'angus@acdc.com',
    user_metadata: { band: 'AC/DC' },
    logins_count: 10,
    email_verified: true,
  },
  {
    email: 'bon@acdc.com',
    user_metadata: { band: 'AC/DC' },
    logins_count: 2,
    app_metadata: { role: 'singer' },
  },
  { email: 'brian@acdc.com', user_metadata: { band: 'AC/DC' }, logins_count: 7 },
  { email: 'freddie@queen.com', user_metadata: { band: 'Queen' }, logins_count: 9 },
].map((user, i) => ({ ...user, created_at: `2020-01-0${i + 1}T00:00:00.000Z` }))

/** An emulator with the band users and the test secret, and a library client to check it. */
export async function bandTenant(options: EmulatorOptions = {}) {
  const tenant = await startEmulator({
    port: 0,
    users: BAND_USERS,
    clientSecret: SECRET,
    ...options,
  })
  const auth0 = new Auth0(tenant.domain, {
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    defaultConnection: tenant.connection,
  })
  const emails = async () => (await auth0.users.all().toArray()).map((user) => user.email).sort()
  return { tenant, auth0, env: envFor(tenant), emails }
}
