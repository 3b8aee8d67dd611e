import { describe, expect, it } from 'vitest'
import { parseMarkdown } from '../../../src/doctest/parse-markdown.js'

describe('parseMarkdown', () => {
  it('finds ts and typescript blocks with the line of their first code line', () => {
    const text = ['# T', '', '```ts', 'a', 'b', '```', '', '```typescript', 'c', '```'].join('\n')
    expect(parseMarkdown(text)).toEqual([
      { mode: 'check', line: 4, lines: ['a', 'b'] },
      { mode: 'check', line: 9, lines: ['c'] },
    ])
  })

  it('ignores other languages and unlabelled fences', () => {
    const text = ['```js', 'x', '```', '```', 'y', '```', '```sh', '$ z', '```'].join('\n')
    expect(parseMarkdown(text)).toEqual([])
  })

  it('reads skip, setup and silent from the info string; skip wins over the others', () => {
    const text = [
      '```ts skip',
      '1',
      '```',
      '```ts setup',
      '2',
      '```',
      '```ts silent',
      '3',
      '```',
      '```ts setup skip',
      '4',
      '```',
    ]
    expect(parseMarkdown(text.join('\n')).map((block) => block.mode)).toEqual([
      'skip',
      'setup',
      'silent',
      'skip',
    ])
  })

  it('finds blocks hidden in HTML comments, which is how set-up is hidden on GitHub', () => {
    const text = ['<!--', '```ts setup', 'const hidden = 1', '```', '-->'].join('\n')
    expect(parseMarkdown(text)).toEqual([{ mode: 'setup', line: 3, lines: ['const hidden = 1'] }])
  })

  it('closes a fence only with the same character and at least the same length', () => {
    const text = ['````ts', '```', 'inner', '~~~', '````', '~~~ts', '```', '~~~'].join('\n')
    expect(parseMarkdown(text)).toEqual([
      { mode: 'check', line: 2, lines: ['```', 'inner', '~~~'] },
      { mode: 'check', line: 7, lines: ['```'] },
    ])
  })

  it('removes the indentation of a fence nested in a list item', () => {
    const text = ['- step', '  ```ts', '  const a = 1', '    a', '  ```'].join('\n')
    expect(parseMarkdown(text)).toEqual([{ mode: 'check', line: 3, lines: ['const a = 1', '  a'] }])
  })

  it('runs an unclosed fence to the end of the text, and handles CRLF', () => {
    expect(parseMarkdown('```ts\r\na\r\nb')).toEqual([
      { mode: 'check', line: 2, lines: ['a', 'b'] },
    ])
  })
})
