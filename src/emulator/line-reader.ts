import { closeSync, openSync, readSync } from 'node:fs'

/** What {@link readLines} yields: a whole line, or the bytes after the last newline. */
export interface Line {
  text: string
  /** 1-based, for error messages. */
  number: number
  /** True for trailing bytes without a newline: a write cut short by a crash. */
  torn: boolean
}

const NEWLINE = 0x0a
const CHUNK = 8 << 20

/**
 * Streams a file's lines without ever holding the file in one string (a million-user snapshot
 * is larger than V8's string limit). Lines are cut on raw bytes, so a multi-byte character
 * split between two chunks is decoded whole.
 *
 * Synchronous on purpose: it runs at start, before the server listens, and a million lines
 * read through async chunks and `for await` spent seconds idle between them.
 */
export function* readLines(path: string): Generator<Line> {
  const fd = openSync(path, 'r')
  try {
    let buffer = Buffer.allocUnsafe(CHUNK)
    let kept = 0 // bytes of an unfinished line at the start of `buffer`
    let number = 0
    for (;;) {
      if (kept === buffer.length) buffer = Buffer.concat([buffer], buffer.length * 2) // a long line
      const read = readSync(fd, buffer, kept, buffer.length - kept, null)
      if (read === 0) break
      const end = kept + read
      let start = 0
      for (let at = buffer.indexOf(NEWLINE, kept); at >= 0 && at < end;) {
        yield { text: buffer.toString('utf8', start, at), number: ++number, torn: false }
        start = at + 1
        at = buffer.indexOf(NEWLINE, start)
      }
      // Move the unfinished line to the front, for the next read to complete it.
      kept = end - start
      buffer.copy(buffer, 0, start, end)
    }
    if (kept > 0) yield { text: buffer.toString('utf8', 0, kept), number: ++number, torn: true }
  } finally {
    closeSync(fd)
  }
}
