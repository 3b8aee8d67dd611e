import { constants, open, unlink, type FileHandle } from 'node:fs/promises'
import type { DataRecord } from './data-records.js'
import {
  JOURNAL_FORMAT,
  journalPath,
  syncDirectory,
  writeAll,
  writeSnapshot,
  type JournalHeader,
} from './snapshot-file.js'

/** Where a journal starts from, and how to snapshot the tenant when compacting it. */
export interface JournalWriterOptions {
  /** The data file (the snapshot); journals are `<path>.journal.<generation>` beside it. */
  path: string
  tenantId: string
  /** The generation the current snapshot names. */
  first: number
  /** The generation new records go to (created at the first record). */
  next: number
  snapshotBytes: number
  /** Bytes already in generations `first` … `next - 1`. */
  journalBytes: number
  /** Compact once the journal holds this many bytes; default the snapshot's size, at least 4 MiB. */
  compactAfterBytes?: number
  /** The snapshot's lines, naming `generation` as the journal to replay after it. */
  snapshot: (generation: number) => Iterable<string>
}

interface Batch {
  promise: Promise<void>
  resolve: () => void
  reject: (err: unknown) => void
}

const MIN_COMPACT_BYTES = 4 << 20
/** A restart starts a new generation: compact before the chain gets long, however small. */
const MAX_GENERATIONS = 16

/**
 * The data file's append-only journal. Each change is one line; `save()` resolves once every
 * line appended before it is written and fsynced, so a route acknowledges only durable changes,
 * and concurrent changes share one write and one fsync (group commit). A write costs the size of
 * the change, not of the tenant.
 *
 * When the journal outgrows the snapshot, new lines go to the next generation and a new
 * snapshot naming it is written in the background (see snapshot-file.ts); then the older
 * generations are removed. A kill at any instant leaves a snapshot whose chain of journals holds
 * every acknowledged change (README, "Persistence").
 */
export class JournalWriter {
  #generation: number
  #first: number
  #file: FileHandle | undefined
  #journalBytes: number
  #snapshotBytes: number
  /** Lines not yet handed to a write, and who waits for them. */
  #pending: string[] = []
  #next: Batch | undefined
  #inFlight: Batch | undefined
  #scheduled = false
  #compaction: Promise<void> | undefined
  #lastAttempt = 0
  /** After a failed write every later save fails: a torn line must stay the journal's last. */
  #failed: unknown

  constructor(private readonly options: JournalWriterOptions) {
    this.#generation = options.next
    this.#first = options.first
    this.#journalBytes = options.journalBytes
    this.#snapshotBytes = options.snapshotBytes
  }

  /** Queues one change; it is written with the next batch (which starts at once when idle). */
  append(record: DataRecord): void {
    this.#pending.push(`${JSON.stringify(record)}\n`)
    this.#next ??= newBatch()
    if (!this.#scheduled) {
      this.#scheduled = true
      // After the current task: the records one change makes together go in one write.
      queueMicrotask(() => {
        this.#scheduled = false
        this.#startBatch()
      })
    }
  }

  /** Resolves when every change appended before this call is on disk. */
  save(): Promise<void> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed)
    return (this.#next ?? this.#inFlight)?.promise ?? Promise.resolve()
  }

  /** Waits for every queued write and a running compaction. */
  async flush(): Promise<void> {
    while (this.#next !== undefined || this.#inFlight !== undefined || this.#compaction) {
      await Promise.allSettled([this.#next?.promise, this.#inFlight?.promise, this.#compaction])
      if (this.#failed !== undefined) return
    }
  }

  /** Flushes, then closes the journal file. */
  async close(): Promise<void> {
    await this.flush()
    await this.#file?.close()
    this.#file = undefined
  }

  #startBatch(): void {
    if (this.#inFlight !== undefined || this.#next === undefined) return
    const batch = this.#next
    const lines = this.#pending
    this.#next = undefined
    this.#pending = []
    this.#inFlight = batch
    if (this.#failed !== undefined) return this.#finish(batch, this.#failed)
    this.#write(lines).then(
      () => this.#finish(batch),
      (err: unknown) => this.#finish(batch, (this.#failed = err)),
    )
  }

  #finish(batch: Batch, err?: unknown): void {
    this.#inFlight = undefined
    if (err === undefined) batch.resolve()
    else batch.reject(err)
    if (err === undefined) this.#maybeCompact()
    this.#startBatch()
  }

  async #write(lines: string[]): Promise<void> {
    const bytes = Buffer.from(lines.join(''), 'utf8')
    const created = this.#file === undefined
    if (created) this.#file = await this.#create(this.#generation)
    // O_DSYNC: the write returns once the bytes are durable, one syscall instead of two.
    await writeAll(this.#file!, bytes)
    // A new file's name lives in the directory: durable before its first acknowledgement.
    if (created) await syncDirectory(this.options.path)
    this.#journalBytes += bytes.length
  }

  /**
   * A new generation's file: exclusive create (never an existing file or symlink), 0600, each
   * write synchronous to the disk (O_DSYNC).
   */
  async #create(generation: number): Promise<FileHandle> {
    const { O_WRONLY, O_CREAT, O_EXCL, O_DSYNC } = constants
    const flags = O_WRONLY | O_CREAT | O_EXCL | O_DSYNC
    const file = await open(journalPath(this.options.path, generation), flags, 0o600)
    const header: JournalHeader = {
      format: JOURNAL_FORMAT,
      tenant: this.options.tenantId,
      generation,
    }
    const bytes = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8')
    await writeAll(file, bytes)
    this.#journalBytes += bytes.length
    return file
  }

  /** Between two batches: switch to a new generation and snapshot in the background. */
  #maybeCompact(): void {
    if (this.#compaction !== undefined) return
    const limit = this.options.compactAfterBytes ?? Math.max(this.#snapshotBytes, MIN_COMPACT_BYTES)
    // Counted from the last attempt, so a failing compaction is not retried at every write.
    const long = this.#generation - Math.max(this.#first, this.#lastAttempt) >= MAX_GENERATIONS
    if (this.#journalBytes < limit && !long) return
    const old = this.#file
    const from = this.#first
    const generation = ++this.#generation
    this.#lastAttempt = generation
    this.#file = undefined
    this.#journalBytes = 0
    this.#compaction = this.#compact(old, from, generation)
      .catch((err: unknown) => {
        // The old snapshot and every journal are still in place: nothing is lost, the next
        // trigger tries again.
        console.error('auth0plus emulator: compacting the data file failed', err)
      })
      .finally(() => {
        this.#compaction = undefined
      })
  }

  async #compact(old: FileHandle | undefined, from: number, generation: number): Promise<void> {
    await old?.close()
    this.#snapshotBytes = await writeSnapshot(this.options.path, this.options.snapshot(generation))
    // The new snapshot names `generation`: the older journals are now redundant.
    this.#first = generation
    for (let g = from; g < generation; g++) {
      await unlink(journalPath(this.options.path, g)).catch(ignoreMissing)
    }
  }
}

function newBatch(): Batch {
  let resolve!: () => void
  let reject!: (err: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  // A batch nobody awaits (a change no route persisted) must not be an unhandled rejection.
  promise.catch(() => undefined)
  return { promise, resolve, reject }
}

/** Removing a journal that is already gone is fine (a crash between two removals). */
export function ignoreMissing(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
}
