import type { InspectOptions } from 'node:util'
import { compileExample, type CompiledExample, type StatementInfo } from './compile-example.js'
import { matchesExpected } from './compare.js'
import { evaluate, type Importer, type Scope } from './evaluate.js'
import { formatThrown, formatValue } from './format-value.js'
import { parseMarkdown } from './parse-markdown.js'
import type { SecretScrubber } from './secret-scrubber.js'
import { splitExamples, type Example } from './split-examples.js'
import type { DoctestFailure, DoctestFileResult } from './types.js'

/** What running one file needs besides its text. */
export interface RunFileContext {
  /** The name failures show, usually the path relative to the working directory. */
  file: string
  scope: Scope
  importer: Importer
  normalizeWhitespace: boolean
  inspectOptions: InspectOptions
  timeoutMs: number
  /** Stops the file before its next example; see `DoctestOptions.signal`. */
  interrupt?: { signal: AbortSignal; graceMs: number }
  /** Learns the tokens the examples hold and scrubs every secret from failures. */
  secrets: SecretScrubber
  /** Told about each failure as it happens, so a long run reports as it goes. */
  onFailure: (failure: DoctestFailure) => void
}

/**
 * Runs the ```ts blocks of one markdown text top to bottom in one scope. A failure does not stop
 * the file (as in Python's doctest) unless it happens in a `setup` block, which later examples
 * depend on: those are then counted as not run.
 */
export async function runFile(
  markdown: string,
  context: RunFileContext,
): Promise<DoctestFileResult> {
  const result: DoctestFileResult = {
    file: context.file,
    examples: 0,
    checked: 0,
    failed: 0,
    notRun: 0,
    failures: [],
  }
  const examples = parseMarkdown(markdown)
    .filter((block) => block.mode !== 'skip')
    .flatMap(splitExamples)
  for (const [index, example] of examples.entries()) {
    if (context.interrupt?.signal.aborted) {
      result.notRun = examples.slice(index).filter(hasCode).length
      break
    }
    const compiled = await compileExample(example.source, example.line)
    if (compiled.ok && compiled.example.statements.length === 0 && !example.expectation) continue
    result.examples++
    if (example.expectation) result.checked++
    const found = compiled.ok
      ? await check(example, compiled.example, context)
      : {
          kind: 'syntax' as const,
          file: context.file,
          line: compiled.line,
          source: example.source.trim(),
          actual: compiled.message,
        }
    if (!found) continue
    const failure = scrubbed(found, context.secrets)
    result.failed++
    result.failures.push(failure)
    context.onFailure(failure)
    if (example.setup) {
      result.notRun = examples.slice(index + 1).filter(hasCode).length
      break
    }
  }
  return result
}

async function check(
  example: Example,
  compiled: CompiledExample,
  context: RunFileContext,
): Promise<DoctestFailure | undefined> {
  const { expectation } = example
  const expected = expectation?.text
  const last = compiled.statements.at(-1)
  if (!last) {
    const line = expectation?.line ?? example.line
    return {
      kind: 'syntax',
      file: context.file,
      line,
      source: '',
      actual: 'no code above this expectation',
    }
  }
  const at = (statement: StatementInfo = last) => ({
    file: context.file,
    line: statement.line,
    source: statement.source,
  })
  const matches = (actual: string) =>
    matchesExpected(expected ?? '', actual, { normalizeWhitespace: context.normalizeWhitespace })

  const outcome = await evaluate(
    compiled,
    context.scope,
    context.importer,
    context.timeoutMs,
    context.interrupt,
  )
  // Whatever the example now holds (a `Token`, a response with an `access_token`) is never shown.
  context.secrets.learn(context.scope)
  if (outcome.kind === 'completed') context.secrets.learn(outcome.value)
  if (outcome.kind === 'threw') context.secrets.learn(outcome.error)
  if (outcome.kind === 'invalid') {
    return {
      kind: 'syntax',
      ...at(compiled.statements[0]),
      source: example.source.trim(),
      actual: outcome.message,
    }
  }
  if (outcome.kind === 'timeout') {
    return { kind: 'timeout', ...at(), actual: `still running after ${context.timeoutMs} ms` }
  }
  if (outcome.kind === 'interrupted') {
    return { kind: 'interrupted', ...at(), actual: 'still running when the run was interrupted' }
  }
  if (outcome.kind === 'threw') {
    const actual = formatThrown(outcome.error)
    const where = at(compiled.statements[outcome.statement])
    if (expectation?.kind !== 'throws')
      return { kind: 'unexpected-error', ...where, actual, error: outcome.error }
    return matches(actual)
      ? undefined
      : { kind: 'wrong-error', ...where, expected, actual, error: outcome.error }
  }
  if (!expectation) return undefined
  const value = compiled.hasValue ? formatValue(outcome.value, context.inspectOptions) : undefined
  if (expectation.kind === 'throws') {
    const actual = value === undefined ? 'completed without throwing' : `returned ${value}`
    return { kind: 'no-error', ...at(), expected, actual }
  }
  if (value === undefined) {
    return {
      kind: 'no-value',
      ...at(),
      expected,
      actual: 'the statement above `//=>` is not an expression',
    }
  }
  return matches(value) ? undefined : { kind: 'mismatch', ...at(), expected, actual: value }
}

/** The failure as it may be shown: no secret in its source, expectation or actual text. */
function scrubbed(failure: DoctestFailure, secrets: SecretScrubber): DoctestFailure {
  const { source, expected, actual } = failure
  return {
    ...failure,
    source: secrets.scrub(source),
    actual: secrets.scrub(actual),
    ...(expected === undefined ? {} : { expected: secrets.scrub(expected) }),
  }
}

/** Whether an example would count if run: a check, or code that is not only comments. */
function hasCode(example: Example): boolean {
  const code = example.source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
  return example.expectation !== undefined || code.trim() !== ''
}
