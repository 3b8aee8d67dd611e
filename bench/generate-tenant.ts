/**
 * Writes an emulator data file holding N generated users, for the scale benches and for trying
 * the emulator at a million users:
 *
 *   npx tsx bench/generate-tenant.ts --users 1000000 --out /tmp/tenant.json
 *   npx auth0plus emulator --port 0 --data /tmp/tenant.json
 *
 * The users are `generatedUsers(n)` (bench/fixtures/generated-users.ts: deterministic, user i
 * depends on i alone), streamed one line each into a version 2 snapshot with a fresh client and
 * signing key, so a million users never sit in one array or string. Any journal left beside
 * `--out` belonged to the file being replaced and is removed. The generated users have no
 * password (log in with the client credentials; PATCH them to set one).
 *
 * One run on this 2-core machine (2026-12-02): 1,000,000 users → 675 MB in 15.5 s.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { readdir, unlink } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { newClientCredentials } from '../src/emulator/clients.js'
import type { DataRecord, TenantMeta } from '../src/emulator/data-records.js'
import {
  END_TAG,
  FORMAT,
  journalGeneration,
  writeSnapshot,
  type SnapshotHeader,
} from '../src/emulator/snapshot-file.js'
import { orderUserKeys } from '../src/emulator/user-defaults.js'
import { generatedUsers } from './fixtures/generated-users.js'

/** The identity of a generated tenant: a new client and signing key, the default connection. */
export function generatedMeta(): TenantMeta {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    ...newClientCredentials(),
    signingKey: {
      kid: randomBytes(16).toString('hex'),
      pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    },
    connectionIds: {},
    clients: [],
    connections: ['Username-Password-Authentication'],
  }
}

/** The snapshot's lines: header, one `["u", user]` per generated user, the end line. */
function* tenantLines(count: number, meta: TenantMeta): Generator<string> {
  const header: SnapshotHeader = {
    format: FORMAT,
    version: 2,
    tenant: randomBytes(12).toString('hex'),
    journal: 1,
    ...meta,
  }
  yield JSON.stringify(header)
  // Stored key order (alphabetical, metadata last), as the emulator writes its own records.
  for (const user of generatedUsers(count)) {
    yield JSON.stringify(['u', orderUserKeys(user)] satisfies DataRecord)
  }
  yield JSON.stringify([END_TAG, count])
}

/** Writes `count` generated users to `out`; returns its size in bytes. */
export async function generateTenant(count: number, out: string): Promise<number> {
  const path = resolve(out)
  for (const name of await readdir(dirname(path))) {
    if (journalGeneration(path, name) !== undefined) await unlink(resolve(dirname(path), name))
  }
  return writeSnapshot(path, tenantLines(count, generatedMeta()))
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { users: { type: 'string', default: '1000000' }, out: { type: 'string' } },
  })
  const count = Number(values.users)
  if (!Number.isSafeInteger(count) || count < 0 || values.out === undefined) {
    throw new Error('usage: npx tsx bench/generate-tenant.ts --users N --out FILE')
  }
  const started = performance.now()
  const bytes = await generateTenant(count, values.out)
  const seconds = (performance.now() - started) / 1000
  console.log(
    `${values.out}: ${count.toLocaleString('en')} users, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s`,
  )
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
