import { once } from 'node:events'
import type { Writable } from 'node:stream'

/**
 * Writes lines to a stream, waiting for `drain` when its buffer is full, so a million users
 * piped to a slow reader take bounded memory. A closed pipe (`| head`) ends the output quietly:
 * `closed` turns true and the command stops reading users.
 */
export class LineSink {
  readonly #stream: Writable
  #closed = false

  constructor(stream: Writable) {
    this.#stream = stream
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.#closed = true
      else throw error
    })
  }

  get closed(): boolean {
    return this.#closed
  }

  async write(line: string): Promise<void> {
    if (this.#closed) return
    if (!this.#stream.write(`${line}\n`)) {
      await Promise.race([once(this.#stream, 'drain'), once(this.#stream, 'close')])
    }
  }
}
