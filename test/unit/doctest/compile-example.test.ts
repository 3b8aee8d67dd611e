import { describe, expect, it } from 'vitest'
import { compileExample, type CompiledExample } from '../../../src/doctest/compile-example.js'

async function compiled(source: string, line = 1): Promise<CompiledExample> {
  const result = await compileExample(source, line)
  if (!result.ok) throw new Error(`did not compile: ${result.message}`)
  return result.example
}

describe('compileExample', () => {
  it('collects every top-level name it declares, types stripped', async () => {
    const example = await compiled(
      [
        'const { a, b: [c, , d], ...rest }: any = source',
        'let e: number, f = 1',
        'function g() {}',
        'class H {}',
        "import I, { J, K as L } from 'm'",
        "import * as M from 'n'",
        "import type { N } from 'o'",
        'interface P { x: string }',
      ].join('\n'),
    )
    expect(example.declared.sort()).toEqual([
      'H',
      'I',
      'J',
      'L',
      'M',
      'a',
      'c',
      'd',
      'e',
      'f',
      'g',
      'rest',
    ])
    expect(example.body).not.toContain('interface')
  })

  it('positions each statement in the markdown, comments and blank lines skipped', async () => {
    const example = await compiled('// intro\n\nconst a = 1\n/* note */ a +\n  1', 20)
    expect(example.statements).toEqual([
      { line: 22, source: 'const a = 1' },
      { line: 23, source: 'a +\n  1' },
    ])
    expect(example.hasValue).toBe(true)
  })

  it('has a value only when the last statement is an expression', async () => {
    expect((await compiled('1\nconst a = 2')).hasValue).toBe(false)
    expect((await compiled('for (const x of []) {}')).hasValue).toBe(false)
    expect((await compiled('await Promise.resolve(1) as number')).hasValue).toBe(true)
  })

  it('hoists function declarations within the example', async () => {
    const example = await compiled('f()\nfunction f() { return 1 }')
    expect(example.body.indexOf('f = function f()')).toBeLessThan(example.body.indexOf('f()'))
  })

  it('sends static and dynamic imports to the doctest importer', async () => {
    const example = await compiled(
      "import { a } from 'auth0plus'\nconst m = await import('auth0plus/emulator')",
    )
    expect(example.body).toContain('await $$doctest.import("auth0plus")')
    expect(example.body).toContain("await $$doctest.import('auth0plus/emulator')")
    expect(example.body.replaceAll('$$doctest.import', '')).not.toContain('import')
  })

  it('reports a syntax error at its markdown line', async () => {
    expect(await compileExample('const a = 1\nconst b = (a +\n', 30)).toEqual({
      ok: false,
      line: 31,
      message: 'Expression expected.',
    })
  })
})
