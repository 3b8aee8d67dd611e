import type { CompiledExample } from './compile-example.js'

/** The bindings one markdown file's examples share, top to bottom. */
export type Scope = Record<string, unknown>

/** What running an example did. */
export type Outcome =
  | { kind: 'completed'; value: unknown }
  /** `statement` indexes `CompiledExample.statements`: the one running when it threw. */
  | { kind: 'threw'; error: unknown; statement: number }
  | { kind: 'timeout' }
  /** The run was interrupted and the example did not settle within the grace period. */
  | { kind: 'interrupted' }
  /** The rewritten code was rejected by the JavaScript engine (e.g. `export` in a doc). */
  | { kind: 'invalid'; message: string }

/** Loads a module for an example's `import` statement or `import()` call. */
export type Importer = (specifier: string) => Promise<unknown>

/** A fresh scope: no prototype, so only what the docs declare (and `globals`) shadows globals. */
export function createScope(globals: Record<string, unknown> = {}): Scope {
  return Object.assign(Object.create(null) as Scope, globals)
}

/*
 * Why `with (scope)` around an async function, and not `node:vm`:
 * - a vm context has its own built-ins, so `err instanceof Error` or `x instanceof Array` would be
 *   false for values crossing between the docs and the library; here everything shares one realm;
 * - vm scripts have no top-level `await`; an async function body does;
 * - the scope object is resolved at run time, so functions declared in one example see bindings
 *   that later examples add or change, as they would in one module.
 * `with` needs sloppy mode, so only the wrapper is sloppy: the example itself runs in strict mode.
 */

/**
 * Runs a compiled example in `scope`. Its declarations are (re)defined first, so a later block may
 * declare a name again, as in a REPL; `const` and imports become read-only once assigned.
 */
export async function evaluate(
  example: CompiledExample,
  scope: Scope,
  importer: Importer,
  timeoutMs: number,
  interrupt?: { signal: AbortSignal; graceMs: number },
): Promise<Outcome> {
  let run: (scope: Scope, helpers: unknown) => Promise<unknown>
  try {
    run = new Function(
      '$$scope',
      '$$doctest',
      `with ($$scope) { return (async function () {\n"use strict";\n${example.body}\n}).call(undefined) }`,
    ) as typeof run
  } catch (error) {
    return { kind: 'invalid', message: String(error) }
  }
  for (const name of example.declared) {
    Object.defineProperty(scope, name, {
      value: undefined,
      writable: true,
      enumerable: true,
      configurable: true,
    })
  }
  let current = 0
  const helpers = {
    at: (index: number) => void (current = index),
    lock: (names: string[]) => names.forEach((name) => lockBinding(scope, name)),
    import: importer,
  }
  let timer: NodeJS.Timeout | undefined
  let graceTimer: NodeJS.Timeout | undefined
  let onAbort: (() => void) | undefined
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs)
  })
  // On interruption the example keeps its grace period: a request it sent should land before
  // clean-up looks for what it created.
  const interrupted = new Promise<Outcome>((resolve) => {
    if (!interrupt) return
    const { signal, graceMs } = interrupt
    onAbort = () => {
      graceTimer = setTimeout(() => resolve({ kind: 'interrupted' }), graceMs)
    }
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
  })
  const outcome = run(scope, helpers).then(
    (value): Outcome => ({ kind: 'completed', value }),
    (error: unknown): Outcome => ({ kind: 'threw', error, statement: current }),
  )
  try {
    return await Promise.race([outcome, timeout, interrupted])
  } finally {
    clearTimeout(timer)
    clearTimeout(graceTimer)
    if (onAbort) interrupt?.signal.removeEventListener('abort', onAbort)
  }
}

function lockBinding(scope: Scope, name: string): void {
  const value = scope[name]
  Object.defineProperty(scope, name, {
    get: () => value,
    // The engine's own wording for a `const`, since the doc reader wrote one.
    set: () => {
      throw new TypeError('Assignment to constant variable.')
    },
    enumerable: true,
    configurable: true,
  })
}
