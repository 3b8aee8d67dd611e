import { LineSink } from './line-sink.js'
import { pickFields, recordOf } from './record-fields.js'
import { TableWriter } from './table-writer.js'

/** Columns of the table when `--fields` is not given. */
export const DEFAULT_COLUMNS = ['user_id', 'email', 'name', 'created_at', 'logins_count'] as const

export interface OutputOptions {
  /** JSON lines instead of a table. */
  json: boolean
  /** Only these fields (dotted names); the table's columns. Whole users when absent in JSON. */
  fields: readonly string[] | undefined
}

/**
 * Writes users to stdout as they arrive, one JSON line each or as a table, and returns how
 * many were written. Stops reading early when stdout is closed (`| head`).
 */
export async function writeUsers(
  users: AsyncIterable<unknown>,
  options: OutputOptions,
): Promise<number> {
  const sink = new LineSink(process.stdout)
  const { json, fields } = options
  const table = json ? undefined : new TableWriter(sink, fields ?? DEFAULT_COLUMNS)
  let count = 0
  for await (const user of users) {
    const record = recordOf(user)
    if (table) await table.add(record)
    else await sink.write(JSON.stringify(fields ? pickFields(record, fields) : record))
    count++
    if (sink.closed) break
  }
  await table?.end()
  if (table) process.stderr.write(`${count} user${count === 1 ? '' : 's'}\n`)
  return count
}
