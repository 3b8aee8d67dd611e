import { describe, expect, it } from 'vitest'
import type { CodeBlock } from '../../../src/doctest/parse-markdown.js'
import { splitExamples } from '../../../src/doctest/split-examples.js'

const block = (lines: string[], mode: CodeBlock['mode'] = 'check'): CodeBlock => ({
  mode,
  line: 10,
  lines,
})

describe('splitExamples', () => {
  it('ends an example at each expectation, keeping markdown lines', () => {
    const examples = splitExamples(block(['const a = 1', 'a', '//=> 1', 'a + 1', '//=> 2']))
    expect(examples).toEqual([
      {
        source: 'const a = 1\na',
        line: 10,
        setup: false,
        expectation: { kind: 'value', text: '1', line: 12 },
      },
      {
        source: 'a + 1',
        line: 13,
        setup: false,
        expectation: { kind: 'value', text: '2', line: 14 },
      },
    ])
  })

  it('reads `//!>` as an expected error', () => {
    const [example] = splitExamples(block(['JSON.parse("{")', '//!> SyntaxError: ...']))
    expect(example?.expectation).toEqual({ kind: 'throws', text: 'SyntaxError: ...', line: 11 })
  })

  it('joins repeated markers into one multi-line expectation', () => {
    const [example] = splitExamples(block(['x', '//=> { a: 1,', '//=>   b: 2 }', 'y']))
    expect(example?.expectation).toEqual({ kind: 'value', text: '{ a: 1,\n  b: 2 }', line: 11 })
  })

  it('joins `//` + three spaces continuation lines, keeping further indentation', () => {
    const [example, rest] = splitExamples(
      block(['x', '//=> {', '//     a: 1', '//   }', '// a plain comment', 'y']),
    )
    expect(example?.expectation).toEqual({ kind: 'value', text: '{\n  a: 1\n}', line: 11 })
    expect(rest).toEqual({ source: '// a plain comment\ny', line: 14, setup: false })
  })

  it('does not merge a `//!>` into a preceding `//=>`', () => {
    const examples = splitExamples(block(['x', '//=> 1', '//!> Error: e']))
    expect(examples.map((e) => [e.source, e.expectation?.kind])).toEqual([
      ['x', 'value'],
      ['', 'throws'],
    ])
  })

  it('keeps code after the last expectation as an unchecked example', () => {
    const examples = splitExamples(block(['a', '//=> 1', 'b()']))
    expect(examples.at(-1)).toEqual({ source: 'b()', line: 12, setup: false })
  })

  it('runs setup and silent blocks as one unchecked example', () => {
    expect(splitExamples(block(['a', '//=> 1'], 'setup'))).toEqual([
      { source: 'a\n//=> 1', line: 10, setup: true },
    ])
    expect(splitExamples(block(['a', '//=> 1'], 'silent'))).toEqual([
      { source: 'a\n//=> 1', line: 10, setup: false },
    ])
  })
})
