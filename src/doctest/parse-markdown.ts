/**
 * How a fenced block runs, from the words after `ts` in its info string:
 * - `check` (no marker): run, and check every `//=>` and `//!>`;
 * - `skip`: shown, never run;
 * - `setup`: run, nothing checked; if it throws, the rest of the file is not run (it depends on it);
 * - `silent`: run, nothing checked; if it throws, that fails but the file goes on.
 */
export type BlockMode = 'check' | 'skip' | 'setup' | 'silent'

/** A ```ts fenced block of a markdown file. */
export interface CodeBlock {
  mode: BlockMode
  /** 1-based markdown line of the block's first code line (the line after the opening fence). */
  line: number
  /** The code lines, with the fence's own indentation removed. */
  lines: string[]
}

const LANGUAGES = new Set(['ts', 'typescript'])
// A fence may sit in a list item, so any indentation is accepted, not only CommonMark's three spaces.
const OPENING = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/

/**
 * The ```ts (or ```typescript) blocks of a markdown text, in order. Other blocks are ignored.
 * HTML comments are not special: a fence inside `<!-- -->` is found and run like any other,
 * which is how set-up code is hidden from readers on GitHub.
 *
 * @example
 * parseMarkdown('# Title\n\n```ts setup\nconst a = 1\n```\n')
 * // => [{ mode: 'setup', line: 4, lines: ['const a = 1'] }]
 */
export function parseMarkdown(text: string): CodeBlock[] {
  const lines = text.split(/\r?\n/)
  const blocks: CodeBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = OPENING.exec(lines[i] ?? '')
    if (!open) continue
    const [, indent = '', fence = '', info = ''] = open
    const closing = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`)
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length && !closing.test(lines[j] ?? ''); j++) {
      body.push(stripIndent(lines[j] ?? '', indent.length))
    }
    const [language = '', ...markers] = info.trim().split(/\s+/)
    if (LANGUAGES.has(language.toLowerCase())) {
      blocks.push({ mode: modeOf(markers), line: i + 2, lines: body })
    }
    i = j
  }
  return blocks
}

function modeOf(markers: string[]): BlockMode {
  // The strongest marker wins, so `ts setup skip` is never run by accident.
  for (const mode of ['skip', 'setup', 'silent'] as const) if (markers.includes(mode)) return mode
  return 'check'
}

function stripIndent(line: string, width: number): string {
  let n = 0
  while (n < width && line[n] === ' ') n++
  return line.slice(n)
}
