import { readFile } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import { createScope } from './evaluate.js'
import { formatFailure, formatFileSummary, formatTotals } from './report.js'
import { createImporter } from './resolve-import.js'
import { runFile } from './run-file.js'
import { SecretScrubber } from './secret-scrubber.js'
import type { DoctestFileResult, DoctestOptions, DoctestResult } from './types.js'

/**
 * Runs the ```ts examples of markdown files, each file in its own scope, and reports failures as
 * they happen, a count per file and a total. Every file is read before anything runs, so a wrong
 * path rejects without side effects; `afterRun` is called even when the run throws.
 *
 * @example
 * const result = await runDoctests({
 *   files: ['README.md'],
 *   env: { DOMAIN: tenant.domain, CLIENT_ID: tenant.clientId, CLIENT_SECRET: tenant.clientSecret },
 *   reporter: console.log,
 * })
 * process.exitCode = result.ok ? 0 : 1
 */
export async function runDoctests(options: DoctestOptions): Promise<DoctestResult> {
  // Secrets come from the run's env and the process's (a doc may read any variable), plus what
  // the examples turn out to hold; every line is scrubbed, whatever it reports.
  const secrets = new SecretScrubber({ ...process.env, ...options.env })
  for (const secret of options.secrets ?? []) secrets.add(secret)
  const reporter = options.reporter ?? (() => {})
  const report = (line: string) => reporter(secrets.scrub(line))
  const color = options.color ?? false
  const normalizeWhitespace = options.normalizeWhitespace ?? true
  const texts = await Promise.all(options.files.map((file) => readFile(file, 'utf8')))
  const files: DoctestFileResult[] = []
  const restoreEnv = applyEnv(options.env ?? {})
  const { signal } = options
  const interrupt = signal && { signal, graceMs: options.graceMs ?? 5_000 }
  try {
    await options.beforeRun?.()
    for (const [index, path] of options.files.entries()) {
      if (signal?.aborted) break
      const file = displayName(path)
      const globals =
        typeof options.globals === 'function' ? options.globals(file) : options.globals
      const result = await runFile(texts[index]!, {
        file,
        scope: createScope(globals),
        importer: createImporter(resolve(path), options.imports),
        normalizeWhitespace,
        inspectOptions: options.inspectOptions ?? {},
        timeoutMs: options.timeoutMs ?? 30_000,
        interrupt,
        secrets,
        onFailure: (failure) => {
          for (const line of formatFailure(failure, { color, normalizeWhitespace })) report(line)
          report('')
        },
      })
      files.push(result)
      report(formatFileSummary(result, color))
    }
  } finally {
    try {
      await options.afterRun?.(totals(files, signal))
    } finally {
      restoreEnv()
    }
  }
  const result = totals(files, signal)
  report(formatTotals(result, color))
  return result
}

function totals(files: DoctestFileResult[], signal: AbortSignal | undefined): DoctestResult {
  const sum = (key: 'examples' | 'checked' | 'failed' | 'notRun') =>
    files.reduce((total, file) => total + file[key], 0)
  const failed = sum('failed')
  const notRun = sum('notRun')
  return {
    files,
    examples: sum('examples'),
    checked: sum('checked'),
    failed,
    notRun,
    failures: files.flatMap((file) => file.failures),
    interrupted: signal?.aborted ?? false,
    ok: failed === 0 && notRun === 0 && !signal?.aborted,
  }
}

/** Sets `env` in `process.env` and returns how to put back what was there. */
function applyEnv(env: Record<string, string>): () => void {
  const saved = Object.keys(env).map((key) => [key, process.env[key]] as const)
  Object.assign(process.env, env)
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
}

function displayName(path: string): string {
  if (!isAbsolute(path)) return path
  const inside = relative(process.cwd(), path)
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside
}
