import { valueAt } from './record-fields.js'
import type { LineSink } from './line-sink.js'
import { fitWidth, textWidth } from './text-width.js'

/** Rows read before the column widths are fixed; later rows are cut to fit. */
const SIZING_ROWS = 50
const MAX_WIDTH = 40

/**
 * A text table that streams: the first rows size the columns, then every row is written as it
 * comes, so memory stays bounded however many users are listed. Cells wider than the column
 * (or than 40 columns) end in `…`; objects show as JSON. Widths are terminal columns, so
 * names in Chinese, Japanese or Korean (two columns a character) line up too.
 *
 * @example
 * const table = new TableWriter(sink, ['user_id', 'email'])
 * await table.add({ user_id: 'auth0|1', email: 'a@x.io' })
 * await table.end() // user_id  email / -------  ------ / auth0|1  a@x.io
 */
export class TableWriter {
  readonly #sink: LineSink
  readonly #columns: readonly string[]
  #pending: string[][] | undefined = []
  #widths: number[] = []
  #rows = 0

  constructor(sink: LineSink, columns: readonly string[]) {
    this.#sink = sink
    this.#columns = columns
  }

  get rows(): number {
    return this.#rows
  }

  async add(record: Record<string, unknown>): Promise<void> {
    this.#rows++
    const cells = this.#columns.map((column) => cellText(valueAt(record, column)))
    if (this.#pending === undefined) return this.#sink.write(this.#line(cells))
    this.#pending.push(cells)
    if (this.#pending.length >= SIZING_ROWS) await this.#flushPending()
  }

  async end(): Promise<void> {
    if (this.#pending !== undefined) await this.#flushPending()
  }

  async #flushPending(): Promise<void> {
    const rows = this.#pending ?? []
    this.#pending = undefined
    this.#widths = this.#columns.map((column, i) =>
      Math.min(MAX_WIDTH, Math.max(textWidth(column), ...rows.map((row) => textWidth(row[i]!)))),
    )
    await this.#sink.write(this.#line([...this.#columns]))
    await this.#sink.write(this.#line(this.#widths.map((width) => '-'.repeat(width))))
    for (const row of rows) await this.#sink.write(this.#line(row))
  }

  #line(cells: string[]): string {
    return cells
      .map((cell, i) => fitWidth(cell, this.#widths[i]!))
      .join('  ')
      .trimEnd()
  }
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return ''
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  // One row per user, whatever the data holds.
  return text.replace(/[\r\n\t]+/g, ' ')
}
