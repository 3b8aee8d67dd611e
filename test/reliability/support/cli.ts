import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { RunningEmulator } from '../../../src/emulator/index.js'

const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url))
// Resolved here, so the CLI can run in a scratch directory without node_modules.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** The settings the CLI reads; `domain` may be a tap in front of the tenant. */
export function cliEnv(tenant: RunningEmulator, domain = tenant.domain): Record<string, string> {
  return {
    DOMAIN: domain,
    CLIENT_ID: tenant.clientId,
    CLIENT_SECRET: tenant.clientSecret,
    CONNECTION: tenant.connection,
  }
}

/** A running `auth0plus users …` child with its output collected as it comes. */
export interface CliChild {
  child: ChildProcess
  output(): { stdout: string; stderr: string }
  done: Promise<CliRun>
}

export function startCli(args: string[], env: Record<string, string>, cwd: string): CliChild {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, 'users', ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  )
  return { child, output: () => ({ stdout, stderr }), done }
}

export function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<CliRun> {
  return startCli(args, env, cwd).done
}
