import { lineDiff } from './line-diff.js'
import { reflowLike } from './reflow.js'
import type {
  DoctestFailure,
  DoctestFailureKind,
  DoctestFileResult,
  DoctestResult,
} from './types.js'

// Plain ANSI codes: `util.styleText` on Node 20 decides colour by itself from stdout, not from us.
const STYLES = { red: [31, 39], green: [32, 39], bold: [1, 22], dim: [2, 22] } as const
type Style = keyof typeof STYLES | (keyof typeof STYLES)[]

const TITLES: Record<DoctestFailureKind, string> = {
  mismatch: 'value differs',
  'no-error': 'expected an error, none was thrown',
  'wrong-error': 'threw a different error',
  'unexpected-error': 'threw where no error was expected',
  'no-value': 'nothing to compare: `//=>` must follow an expression statement',
  syntax: 'does not compile',
  timeout: 'timed out',
  interrupted: 'interrupted',
}

/** How a report looks. */
export interface ReportOptions {
  /** ANSI colours; default `false`. */
  color?: boolean
  /**
   * Whitespace did not count in the comparison (the runner's default), so the actual value is
   * shown wrapped like the expected one, and the diff shows only what really differs.
   */
  normalizeWhitespace?: boolean
}

/**
 * A failure as report lines: where, the code, then expected and actual side by side when both
 * fit on one line, or a diff (`-` expected, `+` actual) when either spans lines.
 *
 * @example
 * // FAIL README.md:42 value differs
 * //     await User.objects.count()
 * //   expected: 3
 * //   actual:   4
 */
export function formatFailure(failure: DoctestFailure, options: ReportOptions = {}): string[] {
  const paint = painter(options.color ?? false)
  const lines = [
    `${paint(['red', 'bold'], 'FAIL')} ${paint('bold', `${failure.file}:${failure.line}`)} ${TITLES[failure.kind]}`,
    ...failure.source.split('\n').map((line) => `    ${paint('dim', line)}`),
  ]
  const { expected } = failure
  const normalize = options.normalizeWhitespace ?? true
  const actual =
    expected !== undefined && normalize ? reflowLike(expected, failure.actual) : failure.actual
  if (expected === undefined) {
    lines.push(...actual.split('\n').map((line) => `  ${paint('red', line)}`))
  } else if (!expected.includes('\n') && !actual.includes('\n')) {
    lines.push(`  expected: ${paint('green', expected)}`, `  actual:   ${paint('red', actual)}`)
  } else {
    lines.push(`  ${paint('green', '- expected')} ${paint('red', '+ actual')}`)
    for (const { sign, text } of lineDiff(expected, actual)) {
      const style = sign === '-' ? 'green' : sign === '+' ? 'red' : 'dim'
      lines.push(`  ${paint(style, `${sign} ${text}`)}`)
    }
  }
  return lines
}

/** `✓ README.md: 12 examples, 0 failed` (with `, N not run` after a failed setup block). */
export function formatFileSummary(result: DoctestFileResult, color = false): string {
  const paint = painter(color)
  const ok = result.failed === 0 && result.notRun === 0
  const mark = ok ? paint('green', '✓') : paint('red', '✗')
  return `${mark} ${result.file}: ${counts(result)}`
}

/**
 * `Total: 2 files, 17 examples, 1 failed`, green when everything passed; an interrupted run ends
 * with `, interrupted`.
 */
export function formatTotals(result: DoctestResult, color = false): string {
  const files = `${result.files.length} file${result.files.length === 1 ? '' : 's'}`
  const tail = result.interrupted ? ', interrupted' : ''
  return painter(color)(result.ok ? 'green' : 'red', `Total: ${files}, ${counts(result)}${tail}`)
}

function counts({
  examples,
  failed,
  notRun,
}: {
  examples: number
  failed: number
  notRun: number
}) {
  const tail = notRun > 0 ? `, ${notRun} not run` : ''
  return `${examples} example${examples === 1 ? '' : 's'}, ${failed} failed${tail}`
}

function painter(color: boolean) {
  return (style: Style, text: string) => {
    if (!color) return text
    return [style].flat().reduce((out, name) => {
      const [on, off] = STYLES[name]
      return `\x1b[${on}m${out}\x1b[${off}m`
    }, text)
  }
}
