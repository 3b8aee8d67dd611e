import { describe, expect, it } from 'vitest'
import { formatFailure, formatFileSummary, formatTotals } from '../../../src/doctest/index.js'
import type { DoctestFailure, DoctestFileResult } from '../../../src/doctest/index.js'

const failure: DoctestFailure = {
  kind: 'mismatch',
  file: 'README.md',
  line: 42,
  source: 'await User.objects.count()',
  expected: '3',
  actual: '4',
}

describe('formatFailure', () => {
  it('shows where, the code, and expected and actual side by side', () => {
    expect(formatFailure(failure)).toEqual([
      'FAIL README.md:42 value differs',
      '    await User.objects.count()',
      '  expected: 3',
      '  actual:   4',
    ])
  })

  it('shows a diff for multi-line values, wrapped like the expected text', () => {
    const lines = formatFailure({
      ...failure,
      source: 'user',
      expected: "{ id: 'auth0|1',\n  email: 'roger@example.com' }",
      actual: "{\n  id: 'auth0|1',\n  email: 'brian@example.com'\n}",
    })
    expect(lines.slice(2)).toEqual([
      '  - expected + actual',
      "    { id: 'auth0|1',",
      "  -   email: 'roger@example.com' }",
      "  +   email: 'brian@example.com' }",
    ])
  })

  it('diffs the actual text as it is when whitespace counts', () => {
    const lines = formatFailure(
      { ...failure, expected: '[ 1,\n  2 ]', actual: '[ 1, 2 ]' },
      { normalizeWhitespace: false },
    )
    expect(lines.slice(3)).toEqual(['  - [ 1,', '  -   2 ]', '  + [ 1, 2 ]'])
  })

  it('shows the error alone when nothing was expected', () => {
    const lines = formatFailure({
      kind: 'unexpected-error',
      file: 'a.md',
      line: 3,
      source: 'f()',
      actual: 'TypeError: f is not a function',
    })
    expect(lines).toEqual([
      'FAIL a.md:3 threw where no error was expected',
      '    f()',
      '  TypeError: f is not a function',
    ])
  })

  it('colours only when asked', () => {
    expect(formatFailure(failure).join('\n')).not.toContain('\x1b[')
    expect(formatFailure(failure, { color: true })[0]).toBe(
      '\x1b[1m\x1b[31mFAIL\x1b[39m\x1b[22m \x1b[1mREADME.md:42\x1b[22m value differs',
    )
  })
})

describe('summaries', () => {
  const file: DoctestFileResult = {
    file: 'README.md',
    examples: 12,
    checked: 10,
    failed: 0,
    notRun: 0,
    failures: [],
  }

  it('counts examples and failures per file and in total', () => {
    expect(formatFileSummary(file)).toBe('✓ README.md: 12 examples, 0 failed')
    expect(formatFileSummary({ ...file, failed: 1, notRun: 3 })).toBe(
      '✗ README.md: 12 examples, 1 failed, 3 not run',
    )
    const total = {
      files: [file, file],
      examples: 24,
      checked: 20,
      failed: 0,
      notRun: 0,
      failures: [],
      interrupted: false,
      ok: true,
    }
    expect(formatTotals(total)).toBe('Total: 2 files, 24 examples, 0 failed')
    expect(formatTotals(total, true)).toBe('\x1b[32mTotal: 2 files, 24 examples, 0 failed\x1b[39m')
    expect(formatTotals({ ...total, notRun: 5, interrupted: true, ok: false })).toBe(
      'Total: 2 files, 24 examples, 0 failed, 5 not run, interrupted',
    )
  })
})
