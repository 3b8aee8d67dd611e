import { readdir, readFile, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { parseRecord, StoredTenant, type TenantMeta } from './data-records.js'
import { readLines, type Line } from './line-reader.js'
import { hasProtoKey } from './own-keys.js'
import type { RbacState } from './rbac.js'
import {
  END_TAG,
  FORMAT,
  JOURNAL_FORMAT,
  journalGeneration,
  journalPath,
  type JournalHeader,
  type SnapshotHeader,
} from './snapshot-file.js'
import type { UserRecord } from './user-defaults.js'

/** Where the journal stands after a load: what the writer continues from. */
export interface JournalState {
  /** The random id shared by the snapshot and its journals. */
  tenantId: string
  /** The generation the snapshot names (the first replayed). */
  first: number
  /** The generation new records go to: one past the last replayed. */
  next: number
  /** Generations older than `first`: left by a compaction that was killed before removing them. */
  stale: number[]
  snapshotBytes: number
  journalBytes: number
}

/** A loaded data file: the tenant it describes, and for a current-format file its journal. */
export interface LoadedDataFile {
  tenant: StoredTenant & { meta: TenantMeta }
  /** False for files written before RBAC existed: then the RBAC seed options apply. */
  hasRbac: boolean
  /** Undefined for a version 1 file (one JSON document), which the start migrates. */
  journal: JournalState | undefined
}

/**
 * Loads the data file (snapshot, then every journal generation it names, in order); undefined
 * when it does not exist yet. Anything that is not whole and ours stops the start — a file that
 * does not parse, a corrupt journal line before the last one, a `__proto__` key, a journal no
 * snapshot names — since starting empty would overwrite somebody's data at the first write.
 * Only a journal's torn last line (a write that was never acknowledged) is ignored.
 */
export async function loadDataFile(path: string): Promise<LoadedDataFile | undefined> {
  const lines = readLines(path)
  let first: IteratorResult<Line>
  try {
    first = lines.next()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  const header = first.done === true ? undefined : snapshotHeader(first.value.text)
  if (header === undefined) {
    lines.return(undefined)
    return loadVersion1(path)
  }
  const tenant = new StoredTenant() as LoadedDataFile['tenant']
  tenant.meta = metaOf(header)
  let count = 0
  let ended = false
  for (const line of lines) {
    if (ended || line.torn) throw new Error(`${path}:${line.number}: not a complete snapshot`)
    if (line.text.startsWith(`["${END_TAG}"`)) {
      if (JSON.stringify([END_TAG, count]) !== line.text) {
        throw new Error(`${path}:${line.number}: the snapshot's record count does not match`)
      }
      ended = true
      continue
    }
    tenant.apply(parsed(path, line))
    count++
  }
  if (!ended) throw new Error(`${path} is cut short (no end line); refusing to load it`)
  const journal = await replayJournals(path, header, tenant)
  journal.snapshotBytes = (await stat(path)).size
  return { tenant, hasRbac: true, journal }
}

/** JSON, or undefined when `text` does not parse. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** The header when `text` is a current-format snapshot's first line, else undefined. */
function snapshotHeader(text: string): SnapshotHeader | undefined {
  // Undefined also for a version 1 file written over several lines, or a file not ours at all.
  const header = parseJson(text) as SnapshotHeader | undefined
  if (header?.format !== FORMAT || header.version !== 2) return undefined
  if (hasProtoKey(header)) throw new Error('the data file holds a "__proto__" key; refusing it')
  if (typeof header.tenant !== 'string' || !Number.isSafeInteger(header.journal)) {
    throw new Error('the data file has a malformed header')
  }
  return header
}

function metaOf(header: TenantMeta): TenantMeta {
  const { clientId, clientSecret, signingKey, connectionIds, clients, connections } = header
  return { clientId, clientSecret, signingKey, connectionIds, clients, connections }
}

function parsed(path: string, line: Line) {
  try {
    return parseRecord(line.text)
  } catch (err) {
    throw new Error(`${path}:${line.number}: ${(err as Error).message}; refusing to load it`)
  }
}

/** Replays generations `header.journal`, +1, … while they exist. */
async function replayJournals(
  path: string,
  header: SnapshotHeader,
  tenant: StoredTenant,
): Promise<JournalState> {
  const generations = new Set<number>()
  for (const name of await readdir(dirname(path))) {
    const generation = journalGeneration(path, name)
    if (generation !== undefined) generations.add(generation)
  }
  let next = header.journal
  let journalBytes = 0
  for (; generations.has(next); next++) {
    const file = journalPath(path, next)
    await replayJournal(file, header, next, tenant)
    journalBytes += (await stat(file)).size
  }
  const beyond = [...generations].filter((g) => g > next)
  if (beyond.length > 0) {
    // A gap: a journal the snapshot does not lead to. Replaying it, or later writing the
    // missing generation in front of it, would both be wrong; a person must look.
    throw new Error(`${journalPath(path, beyond[0]!)} follows no journal of ${path}; move it away`)
  }
  const stale = [...generations].filter((g) => g < header.journal)
  return {
    tenantId: header.tenant,
    first: header.journal,
    next,
    stale,
    snapshotBytes: 0,
    journalBytes,
  }
}

async function replayJournal(
  file: string,
  header: SnapshotHeader,
  generation: number,
  tenant: StoredTenant,
): Promise<void> {
  for (const line of readLines(file)) {
    // The last line without its newline is a write cut by a crash: it was never acknowledged.
    if (line.torn) break
    if (line.number === 1) {
      const own = parseJson(line.text) as JournalHeader | undefined
      if (own?.format !== JOURNAL_FORMAT || own.tenant !== header.tenant) {
        throw new Error(`${file} is not a journal of this data file; refusing to load it`)
      }
      if (own.generation !== generation) throw new Error(`${file} names another generation`)
      continue
    }
    tenant.apply(parsed(file, line))
  }
}

/** The single-document format (version 1): still loaded, and rewritten as a snapshot at start. */
interface Version1File extends TenantMeta {
  format: typeof FORMAT
  version: 1
  users: UserRecord[]
  passwords?: Record<string, string>
  rbac?: RbacState
}

async function loadVersion1(path: string): Promise<LoadedDataFile> {
  const state = JSON.parse(await readFile(path, 'utf8')) as Version1File
  if (state === null || typeof state !== 'object' || state.format !== FORMAT) {
    throw new Error(`${path} is not an auth0plus emulator data file`)
  }
  if (!Array.isArray(state.users)) {
    throw new Error(`${path} is not an auth0plus emulator data file`)
  }
  // The API never stores a `__proto__` key (it answers 400), so a file holding one was edited
  // by hand or by an attacker: refuse it rather than let the key reach a prototype.
  if (hasProtoKey(state)) throw new Error(`${path} holds a "__proto__" key; refusing to load it`)
  for (const user of state.users) {
    if (typeof user?.user_id !== 'string') throw new Error(`${path} holds a user without user_id`)
  }
  const tenant = new StoredTenant() as LoadedDataFile['tenant']
  tenant.meta = metaOf(state)
  for (const user of state.users) tenant.apply(['u', user])
  for (const [id, digest] of Object.entries(state.passwords ?? {})) {
    tenant.apply(['pw', id, digest])
  }
  const rbac = state.rbac
  for (const api of rbac?.resourceServers ?? []) tenant.apply(['rs', api.id, api])
  for (const { permissions, users, ...role } of rbac?.roles ?? []) {
    tenant.apply(['ro', role.id, role])
    tenant.apply(['rp', role.id, permissions ?? []])
    for (const [userId, at] of users ?? []) tenant.apply(['ra', role.id, userId, at])
  }
  for (const { user_id, permissions } of rbac?.userPermissions ?? []) {
    tenant.apply(['up', user_id, permissions])
  }
  for (const grant of rbac?.clientGrants ?? []) tenant.apply(['cg', grant.id, grant])
  return { tenant, hasRbac: rbac !== undefined, journal: undefined }
}
