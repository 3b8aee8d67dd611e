import type { InspectOptions } from 'node:util'

/** What a run needs: the markdown files, and how to show and check them. */
export interface DoctestOptions {
  /** Markdown files, run one after the other, each in its own scope. */
  files: string[]
  /**
   * Set in `process.env` for the whole run and restored afterwards, so the docs can read
   * `process.env.DOMAIN` or call `Auth0.fromEnv()`.
   */
  env?: Record<string, string>
  /** Receives the report one line at a time; nothing is printed without it. */
  reporter?: (line: string) => void
  /**
   * More strings never to print, besides those found by themselves: the values of secret-named
   * variables (`*SECRET*`, `*PASSWORD*`, `*TOKEN*`...) in `env` and `process.env`, the tokens
   * and secrets the examples hold, and anything shaped like a JWT.
   */
  secrets?: string[]
  /** Colour the report with ANSI codes; the CLI turns this on for a TTY only. Default `false`. */
  color?: boolean
  /**
   * Bindings every file's scope starts with, e.g. a helper that makes e-mail addresses unique to
   * the run. The docs see them as plain identifiers. A function is called once per file with the
   * file's display name, so each file can get its own (e.g. its own e-mail domain).
   */
  globals?: Record<string, unknown> | ((file: string) => Record<string, unknown>)
  /**
   * Extra module specifiers to map to files (absolute paths or paths relative to the package
   * root), checked before the package's own `auth0plus` and `auth0plus/*` entry points.
   */
  imports?: Record<string, string>
  /** Ignore differences in whitespace (runs of spaces and line breaks compare equal). Default `true`. */
  normalizeWhitespace?: boolean
  /** Passed to `util.inspect` when showing a value; `colors` is always off. */
  inspectOptions?: InspectOptions
  /** An example still pending after this long fails as timed out. Default 30 000 ms. */
  timeoutMs?: number
  /**
   * Stops the run early (e.g. on Ctrl-C): the example in progress gets `graceMs` to settle (so a
   * request it sent lands before clean-up looks for what it created), nothing after it runs, and
   * `afterRun` is still called. The result is then `interrupted`.
   */
  signal?: AbortSignal
  /** How long an interrupted example may still run. Default 5 000 ms. */
  graceMs?: number
  /** Called once before the first file; a seam for per-run set-up such as unique e-mail domains. */
  beforeRun?: () => void | Promise<void>
  /** Called once after the last file, even when examples failed or threw: a seam for clean-up. */
  afterRun?: (result: DoctestResult) => void | Promise<void>
}

/** Why an example failed. */
export type DoctestFailureKind =
  /** `//=>`: the value differs. */
  | 'mismatch'
  /** `//!>`: the code ran through without throwing. */
  | 'no-error'
  /** `//!>`: it threw, but a different error. */
  | 'wrong-error'
  /** It threw where no error was expected. */
  | 'unexpected-error'
  /** `//=>` follows a statement that has no value (a declaration, a loop...). */
  | 'no-value'
  /** The example does not parse, or an expectation has no code above it. */
  | 'syntax'
  /** The example was still running after `timeoutMs`. */
  | 'timeout'
  /** The run was interrupted while the example ran. */
  | 'interrupted'

/** One failed example, positioned in the markdown file. */
export interface DoctestFailure {
  kind: DoctestFailureKind
  file: string
  /** 1-based line in the markdown file of the statement that was checked or that threw. */
  line: number
  /** The TypeScript source of that statement (or of the whole example when none is known). */
  source: string
  /** The expected text as written after `//=>` or `//!>`; absent when nothing was expected. */
  expected?: string
  /** What happened: the inspected value, `Name: message` of the thrown error, or an explanation. */
  actual: string
  /** The value thrown, when the failure is about an error. */
  error?: unknown
}

/** The outcome of one markdown file. */
export interface DoctestFileResult {
  file: string
  /** Examples that ran: code with a check, code without one, and setup blocks. */
  examples: number
  /** Of those, the ones that carried a `//=>` or `//!>` check. */
  checked: number
  failed: number
  /** Examples left out because a `setup` block failed before them. */
  notRun: number
  failures: DoctestFailure[]
}

/** The outcome of a run: per file, and totalled. */
export interface DoctestResult {
  files: DoctestFileResult[]
  examples: number
  checked: number
  failed: number
  notRun: number
  failures: DoctestFailure[]
  /** `signal` stopped the run before every example had run. */
  interrupted: boolean
  /** `true` when nothing failed and everything ran. */
  ok: boolean
}
