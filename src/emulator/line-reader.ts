import { createReadStream } from 'node:fs'

/** What {@link readLines} yields: a whole line, or the bytes after the last newline. */
export interface Line {
  text: string
  /** 1-based, for error messages. */
  number: number
  /** True for trailing bytes without a newline: a write cut short by a crash. */
  torn: boolean
}

const NEWLINE = 0x0a

/**
 * Streams a file's lines without ever holding the file in one string (a million-user snapshot
 * is larger than V8's string limit). Lines are cut on raw bytes, so a multi-byte character
 * split between two chunks is decoded whole.
 */
export async function* readLines(path: string): AsyncGenerator<Line> {
  let rest: Buffer = Buffer.alloc(0)
  let number = 0
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const data = rest.length === 0 ? (chunk as Buffer) : Buffer.concat([rest, chunk as Buffer])
    let start = 0
    for (let end = data.indexOf(NEWLINE); end >= 0; end = data.indexOf(NEWLINE, start)) {
      yield { text: data.toString('utf8', start, end), number: ++number, torn: false }
      start = end + 1
    }
    // A copy: the stream may reuse its buffer for the next chunk.
    rest = Buffer.from(data.subarray(start))
  }
  if (rest.length > 0) yield { text: rest.toString('utf8'), number: ++number, torn: true }
}
