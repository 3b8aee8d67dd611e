import type { CodeBlock } from './parse-markdown.js'

/** What an example promises: the inspected value of its last expression, or a thrown error. */
export interface Expectation {
  kind: 'value' | 'throws'
  /** The expected text, its lines joined with `\n`. */
  text: string
  /** 1-based markdown line of the `//=>` or `//!>` marker. */
  line: number
}

/** Code run in one go, with what it should produce (if anything is checked). */
export interface Example {
  /** The TypeScript source, exactly the markdown lines. */
  source: string
  /** 1-based markdown line of the source's first line. */
  line: number
  expectation?: Expectation
  /** From a `setup` block: a throw stops the file. */
  setup: boolean
}

const MARKER = /^\/\/([=!])>(?: |$)(.*)$/
// `//` plus three spaces lines the text up under the text of `//=> `.
const CONTINUATION = /^\/\/ {3}(.*)$/

/**
 * Splits a block into examples, each ending at an expectation:
 *
 * ```ts
 * const band = ['Freddie', 'Brian']
 * band.length
 * //=> 2
 * band.map(name => name.toUpperCase())
 * //=> [ 'FREDDIE',
 * //     'BRIAN' ]
 * JSON.parse('{')
 * //!> SyntaxError: ...
 * ```
 *
 * An expectation spans several lines either by repeating its marker on each line or by
 * `//` + three spaces continuation lines. `setup` and `silent` blocks are one unchecked example.
 */
export function splitExamples(block: CodeBlock): Example[] {
  const setup = block.mode === 'setup'
  if (block.mode !== 'check') {
    return [{ source: block.lines.join('\n'), line: block.line, setup }]
  }
  const examples: Example[] = []
  let code: string[] = []
  let codeLine = block.line
  for (let i = 0; i < block.lines.length; i++) {
    const marker = MARKER.exec((block.lines[i] ?? '').trimStart())
    if (!marker) {
      code.push(block.lines[i] ?? '')
      continue
    }
    const [, sign, first = ''] = marker
    const text = [first]
    for (; i + 1 < block.lines.length; i++) {
      const next = (block.lines[i + 1] ?? '').trimStart()
      const more = MARKER.exec(next)
      const rest = more ? (more[1] === sign ? more[2] : undefined) : CONTINUATION.exec(next)?.[1]
      if (rest === undefined) break
      text.push(rest)
    }
    const expectation: Expectation = {
      kind: sign === '=' ? 'value' : 'throws',
      text: text.join('\n'),
      line: block.line + i - text.length + 1,
    }
    examples.push({ source: code.join('\n'), line: codeLine, expectation, setup })
    code = []
    codeLine = block.line + i + 1
  }
  if (code.length > 0) examples.push({ source: code.join('\n'), line: codeLine, setup })
  return examples
}
