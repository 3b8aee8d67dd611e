/** Runs `auth0plus login`/`logout` (src/cli/main.ts) as a child process, as a person would. */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { FileTokenStore } from '../../src/index.js'

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))

/** A cache folder of its own, so the CLI's default token file is this test's. */
export async function isolatedCache(): Promise<{ env: NodeJS.ProcessEnv; store: FileTokenStore }> {
  const cache = await mkdtemp(join(tmpdir(), 'auth0plus-login-cli-'))
  const env = { ...process.env, XDG_CACHE_HOME: cache, DOMAIN: '', LOGIN_CLIENT_ID: '' }
  return { env, store: new FileTokenStore(join(cache, 'auth0plus', 'tokens.json')) }
}

export interface CliRun {
  child: ChildProcess
  /** Resolves with the first stdout line that is a URL (the /authorize URL). */
  url: Promise<string>
  /** Resolves with the exit code and everything printed, once the process ends. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const url = new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      stdout += `${line}\n`
      if (/^https?:\/\//.test(line)) resolve(line)
    })
    child.once('exit', () => reject(new Error(`the CLI ended without a URL: ${stdout}${stderr}`)))
  })
  url.catch(() => undefined)
  const done = once(child, 'exit').then(([code]) => ({
    code: code as number | null,
    stdout,
    stderr,
  }))
  return { child, url, done }
}
