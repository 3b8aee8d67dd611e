import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runDoctests, type DoctestOptions } from '../../../src/doctest/index.js'
import { startEmulator } from '../../../src/emulator/index.js'

const fixtures = resolve(import.meta.dirname, '../../fixtures/doctest')
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'auth0plus-doctest-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Runs one markdown text, written to a temp file, and collects the report lines. */
async function run(lines: string[], options: Partial<DoctestOptions> = {}) {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.md`)
  await writeFile(file, lines.join('\n'))
  const report: string[] = []
  const result = await runDoctests({
    files: [file],
    reporter: (line) => report.push(line),
    ...options,
  })
  return { result, report, failures: result.failures }
}

const ts = (...code: string[]) => ['```ts', ...code, '```']

describe('runDoctests', () => {
  it('passes the fixture tour: shared scope, imports, await, ellipsis, errors, skip/setup/silent', async () => {
    const report: string[] = []
    const result = await runDoctests({
      files: [join(fixtures, 'passing.md')],
      reporter: (line) => report.push(line),
    })
    expect(result.failures).toEqual([])
    expect(result).toMatchObject({ ok: true, examples: 19, checked: 17, failed: 0, notRun: 0 })
    expect(report).toEqual([
      '✓ test/fixtures/doctest/passing.md: 19 examples, 0 failed',
      'Total: 1 file, 19 examples, 0 failed',
    ])
  })

  it('passes its own guide, src/doctest/README.md', async () => {
    const result = await runDoctests({
      files: [resolve(import.meta.dirname, '../../../src/doctest/README.md')],
    })
    expect(result.failures).toEqual([])
    expect(result.checked).toBeGreaterThanOrEqual(10)
  })

  it('reports `export` as code that does not compile', async () => {
    const { failures } = await run(ts('export default 1'))
    expect(failures).toEqual([
      expect.objectContaining({ kind: 'syntax', line: 2, source: 'export default 1' }),
    ])
  })

  it('shares const, let, functions and classes across blocks, top to bottom', async () => {
    const { result } = await run([
      ...ts(
        'const base = 10',
        'let total = base',
        'function add(n: number) { total += n; return total }',
      ),
      'Some prose.',
      ...ts('class Counter { next() { return add(1) } }', 'total = 100'),
      ...ts('new Counter().next()', '//=> 101', 'total', '//=> 101'),
    ])
    expect(result.failures).toEqual([])
    expect(result.examples).toBe(4)
  })

  it('supports top-level await', async () => {
    const { result } = await run(
      ts(
        "const later = await new Promise((r) => setTimeout(() => r('done'), 5))",
        'later',
        "//=> 'done'",
      ),
    )
    expect(result.failures).toEqual([])
  })

  it('reports a wrong value with file, line, source, expected and actual', async () => {
    const { failures, result } = await run([
      '# Title',
      '',
      ...ts('const n = 6 * 7', 'n', '//=> 41'),
    ])
    expect(result.ok).toBe(false)
    expect(failures).toEqual([
      expect.objectContaining({
        kind: 'mismatch',
        line: 5,
        source: 'n',
        expected: '41',
        actual: '42',
      }),
    ])
    expect(failures[0]!.file).toMatch(/\.md$/)
  })

  it('checks multi-line expectations and ellipses across lines', async () => {
    const value =
      "({ id: 'auth0|65f0', email: 'x@example.com', picture: 'https://s.gravatar.com/avatar/abc?s=480' })"
    const { result } = await run(
      ts(
        value,
        "//=> { id: 'auth0|...',",
        '//     ...',
        "//     picture: 'https://s.gravatar.com/avatar/...' }",
        value,
        "//=> { id: 'auth0|65f0', email: 'x@example.com',",
        "//=>   picture: 'https://s.gravatar.com/avatar/abc?s=480' }",
      ),
    )
    expect(result.failures).toEqual([])
    const wrong = await run(ts(value, "//=> { id: 'google|...',", '//     ... }'))
    expect(wrong.failures).toEqual([
      expect.objectContaining({ kind: 'mismatch', expected: "{ id: 'google|...',\n  ... }" }),
    ])
  })

  it('passes `//!>` when the error matches, and fails when nothing or something else is thrown', async () => {
    const { failures } = await run(
      ts(
        "throw new RangeError('too far')",
        '//!> RangeError: too far',
        "throw new RangeError('too far')",
        '//!> RangeError: too ...',
        '1 + 1',
        '//!> RangeError: ...',
        "throw new TypeError('not a function')",
        '//!> RangeError: ...',
        'const x = 1',
        '//!> Error: never',
      ),
    )
    expect(failures.map(({ kind, line, actual }) => ({ kind, line, actual }))).toEqual([
      { kind: 'no-error', line: 6, actual: 'returned 2' },
      { kind: 'wrong-error', line: 8, actual: 'TypeError: not a function' },
      { kind: 'no-error', line: 10, actual: 'completed without throwing' },
    ])
  })

  it('reports an unexpected error at the statement that threw, and keeps running the file', async () => {
    const { failures, result } = await run(
      ts('const a = 1', 'missing.call()', 'const b = 2', 'a', '//=> 1', 'a + 1', '//=> 2'),
    )
    expect(failures).toEqual([
      expect.objectContaining({
        kind: 'unexpected-error',
        line: 3,
        source: 'missing.call()',
        actual: 'ReferenceError: missing is not defined',
      }),
    ])
    expect(result).toMatchObject({ examples: 2, failed: 1 })
  })

  it('fails `//=>` under a statement that has no value', async () => {
    const { failures } = await run(ts('const a = 1', '//=> 1'))
    expect(failures).toEqual([
      expect.objectContaining({ kind: 'no-value', line: 2, source: 'const a = 1' }),
    ])
  })

  it('reports code that does not compile at its line, and an expectation with no code', async () => {
    const { failures } = await run(ts('const a = (1 +', '//=> 1', '', '//=> 2'))
    expect(failures.map(({ kind, line }) => ({ kind, line }))).toEqual([
      { kind: 'syntax', line: 2 },
      { kind: 'syntax', line: 5 },
    ])
  })

  it('never runs skip blocks, and does not check setup or silent blocks', async () => {
    const { result } = await run([
      ...['```ts skip', "throw new Error('skipped')", '```'],
      ...['```ts setup', 'const ready = true', 'ready', '//=> false', '```'],
      ...['```ts silent', 'ready', '//=> false', '```'],
      ...ts('ready', '//=> true'),
    ])
    expect(result).toMatchObject({ ok: true, examples: 3, checked: 1 })
  })

  it('stops the file after a failing setup block, counting the rest as not run', async () => {
    const { result, report } = await run([
      ...['```ts setup', "throw new Error('no tenant')", '```'],
      ...ts('1', '//=> 1', '// only a comment'),
      ...ts('2', '//=> 2'),
    ])
    expect(result).toMatchObject({ ok: false, examples: 1, failed: 1, notRun: 2 })
    expect(report.at(-2)).toMatch(/: 1 example, 1 failed, 2 not run$/)
  })

  it('keeps a failing silent block from stopping the file', async () => {
    const { result } = await run([
      ...['```ts silent', "throw new Error('oops')", '```'],
      ...ts('1', '//=> 1'),
    ])
    expect(result).toMatchObject({ examples: 2, failed: 1, notRun: 0 })
  })

  it('gives each file its own scope', async () => {
    const first = join(dir, 'first.md')
    const second = join(dir, 'second.md')
    await writeFile(first, ts('const shared = 1').join('\n'))
    await writeFile(second, ts('typeof shared', "//=> 'undefined'", 'const shared = 2').join('\n'))
    const result = await runDoctests({ files: [first, second] })
    expect(result).toMatchObject({ ok: true, examples: 3 })
    expect(result.files.map((file) => file.examples)).toEqual([1, 2])
  })

  it('lets a later block declare a name again, as in a REPL', async () => {
    const { result } = await run([
      ...ts('const user = 1'),
      ...ts('const user = 2', 'user', '//=> 2'),
    ])
    expect(result.failures).toEqual([])
  })

  it('sets env in process.env for the run and restores it afterwards', async () => {
    delete process.env.DOCTEST_PROBE
    const { result } = await run(ts('process.env.DOCTEST_PROBE', "//=> 'tenant.example.com'"), {
      env: { DOCTEST_PROBE: 'tenant.example.com' },
    })
    expect(result.failures).toEqual([])
    expect(process.env.DOCTEST_PROBE).toBeUndefined()
  })

  it('offers globals, maps extra import specifiers and resolves relative imports from the file', async () => {
    const helper = join(fixtures, 'helper.ts')
    const { result } = await run(
      ts(
        "uniqueEmail('freddie')",
        "//=> 'freddie+run1@example.com'",
        "import { greet } from 'fixture-helper'",
        "greet('Brian')",
        "//=> 'Hello, Brian!'",
      ),
      {
        globals: { uniqueEmail: (name: string) => `${name}+run1@example.com` },
        imports: { 'fixture-helper': helper },
      },
    )
    expect(result.failures).toEqual([])
  })

  it('calls beforeRun and afterRun, afterRun with the result even when examples fail', async () => {
    const calls: string[] = []
    const { result } = await run(ts('1', '//=> 2'), {
      beforeRun: () => void calls.push('before'),
      afterRun: (outcome) => void calls.push(`after: ${outcome.failed} failed`),
    })
    expect(result.failed).toBe(1)
    expect(calls).toEqual(['before', 'after: 1 failed'])
  })

  it('fails an example still running after timeoutMs', async () => {
    const { failures } = await run(ts('await new Promise(() => {})', '//=> 1'), { timeoutMs: 50 })
    expect(failures).toEqual([
      expect.objectContaining({ kind: 'timeout', actual: 'still running after 50 ms' }),
    ])
  })

  it('rejects before running anything when a file cannot be read', async () => {
    let ran = false
    await expect(
      runDoctests({ files: [join(dir, 'missing.md')], beforeRun: () => void (ran = true) }),
    ).rejects.toThrow(/ENOENT/)
    expect(ran).toBe(false)
  })
})

describe('runDoctests: per-file globals and interruption', () => {
  it('calls a globals function once per file, with its display name', async () => {
    const seen: string[] = []
    const a = join(dir, 'globals-a.md')
    const b = join(dir, 'globals-b.md')
    await writeFile(a, ts('where', "//=> 'a'").join('\n'))
    await writeFile(b, ts('where', "//=> 'b'").join('\n'))
    const result = await runDoctests({
      files: [a, b],
      globals: (file) => {
        seen.push(file)
        return { where: file.endsWith('a.md') ? 'a' : 'b' }
      },
    })
    expect(result.failures).toEqual([])
    expect(seen).toEqual([a, b])
  })

  it('on abort, lets the running example settle, runs nothing after it, and still calls afterRun', async () => {
    const controller = new AbortController()
    const events: string[] = []
    const { result, report } = await run(
      [
        ...ts(
          'events.push("first")',
          'abort()',
          'await new Promise((resolve) => setTimeout(resolve, 50))',
          'events.push("settled")',
        ),
        ...ts('events.push("never")'),
      ],
      {
        globals: { events, abort: () => controller.abort() },
        signal: controller.signal,
        graceMs: 1_000,
        afterRun: (outcome) => void events.push(`afterRun interrupted=${outcome.interrupted}`),
      },
    )
    expect(events).toEqual(['first', 'settled', 'afterRun interrupted=true'])
    expect(result).toMatchObject({ ok: false, interrupted: true, failed: 0, notRun: 1 })
    expect(report.at(-1)).toBe('Total: 1 file, 1 example, 0 failed, 1 not run, interrupted')
  })

  it('fails an example still running when the grace period ends', async () => {
    const controller = new AbortController()
    const { result } = await run(ts('abort()', 'await new Promise(() => {})'), {
      globals: { abort: () => controller.abort() },
      signal: controller.signal,
      graceMs: 20,
    })
    expect(result.failures).toEqual([
      expect.objectContaining({
        kind: 'interrupted',
        actual: 'still running when the run was interrupted',
      }),
    ])
  })

  it('runs no file once aborted before the start', async () => {
    const { result } = await run(ts('1', '//=> 1'), { signal: AbortSignal.abort() })
    expect(result).toMatchObject({ files: [], ok: false, interrupted: true })
  })

  it('never prints the client secret, a token issued during the run or anything like a JWT', async () => {
    const secret = 'doctest-secret-Hq7Zp2Lw9'
    const tenant = await startEmulator({ port: 0, clientSecret: secret })
    try {
      const report: string[] = []
      const result = await runDoctests({
        files: [join(fixtures, 'secrets.md')],
        env: { DOMAIN: tenant.domain, CLIENT_ID: tenant.clientId, CLIENT_SECRET: secret },
        reporter: (line) => report.push(line),
      })
      const text = report.join('\n')
      expect(result.failed).toBe(4)
      expect(text).toContain("actual:   '[redacted]'")
      expect(text).toContain('Error: the secret is [redacted] and the token [redacted]')
      expect(text).toMatch(/\+ +bearer: '\[redacted\]',/)
      for (const shown of [
        text,
        JSON.stringify(result.failures.map((f) => [f.actual, f.expected])),
      ]) {
        expect(shown).not.toContain(secret)
        expect(shown).not.toMatch(/eyJ[\w-]*\./)
      }
    } finally {
      await tenant.stop()
    }
  })

  it('scrubs secrets a doc holds under token names even when they are not JWTs', async () => {
    const { report } = await run(
      ts(
        "const answer = { access_token: 'opaque-token-4f9a1c', scope: 'read' }",
        "'token: ' + answer.access_token",
        "//=> 'token: ?'",
      ),
    )
    expect(report.join('\n')).toContain("actual:   'token: [redacted]'")
  })
})
