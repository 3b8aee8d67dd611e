import { randomBytes } from 'node:crypto'
import { readdir, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { TenantMeta } from './data-records.js'
import type { JournalState } from './data-file-loader.js'
import { ignoreMissing, JournalWriter } from './journal-writer.js'
import { journalGeneration, journalPath, writeSnapshot } from './snapshot-file.js'
import { captureChanges, snapshotLines, type PersistedStores } from './tenant-records.js'

export { loadDataFile, type LoadedDataFile } from './data-file-loader.js'

/** How {@link openDataFile} continues from what was loaded. */
export interface OpenDataFileOptions {
  path: string
  stores: PersistedStores
  /** The identity and configuration now in force. */
  meta: TenantMeta
  /** The loaded file's, when it had one. */
  savedMeta: TenantMeta | undefined
  /** The loaded journal; undefined for a new file or a version 1 file. */
  journal: JournalState | undefined
  compactAfterBytes?: number
}

/**
 * Makes the data file durable from here on and returns its journal writer, which every change
 * of the stores now reaches. A new file, or one in the old single-document format, is first
 * written as a snapshot (so the credentials survive a restart before any change); a loaded one
 * gets a `meta` record when the options changed the identity or configuration.
 */
export async function openDataFile(options: OpenDataFileOptions): Promise<JournalWriter> {
  const { path, stores, meta } = options
  let journal = options.journal
  if (journal === undefined) {
    // Any journal lying here belongs to no snapshot that will be read: start past it.
    const existing = await journalGenerations(path)
    const generation = Math.max(0, ...existing) + 1
    const tenantId = randomBytes(12).toString('hex')
    const lines = snapshotLines(stores, { tenant: tenantId, journal: generation, meta })
    const snapshotBytes = await writeSnapshot(path, lines)
    journal = {
      tenantId,
      first: generation,
      next: generation,
      stale: existing,
      snapshotBytes,
      journalBytes: 0,
    }
  }
  await removeLeftovers(path, journal.stale)
  const { tenantId } = journal
  const writer = new JournalWriter({
    ...journal,
    path,
    compactAfterBytes: options.compactAfterBytes,
    snapshot: (generation) =>
      snapshotLines(stores, { tenant: tenantId, journal: generation, meta }),
  })
  captureChanges(stores, (record) => writer.append(record))
  if (options.journal !== undefined && JSON.stringify(meta) !== JSON.stringify(options.savedMeta)) {
    writer.append(['meta', meta])
    await writer.save()
  }
  return writer
}

async function journalGenerations(path: string): Promise<number[]> {
  const generations: number[] = []
  for (const name of await readdir(dirname(path))) {
    const generation = journalGeneration(path, name)
    if (generation !== undefined) generations.push(generation)
  }
  return generations
}

/**
 * Removes what a killed compaction can leave: journals older than the snapshot names, and
 * snapshot temp files (`.<name>.<24 hex>.tmp`, only ever created by this process's kind).
 */
async function removeLeftovers(path: string, stale: readonly number[]): Promise<void> {
  for (const generation of stale) await unlink(journalPath(path, generation)).catch(ignoreMissing)
  const temp = new RegExp(`^\\.${escape(basename(path))}\\.[0-9a-f]{24}\\.tmp$`)
  for (const name of await readdir(dirname(path))) {
    if (temp.test(name)) await unlink(join(dirname(path), name)).catch(ignoreMissing)
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
