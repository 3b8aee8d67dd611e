import { readdir, readFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { loadDataFile } from '../../src/emulator/data-file.js'

/**
 * The tenant a data file (snapshot + journals) describes, as one document in the old version 1
 * shape: what tests inspect, and what they write back (as JSON) to make an old-format file.
 */
export async function readDataFile(path: string) {
  const loaded = await loadDataFile(path)
  if (loaded === undefined) throw new Error(`${path} does not exist`)
  const { tenant } = loaded
  return {
    format: 'auth0plus-emulator',
    version: 1,
    ...tenant.meta,
    users: [...tenant.users.values()],
    passwords: Object.fromEntries(tenant.passwords),
    rbac: tenant.rbac(),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at any field
  } as Record<string, any>
}

/** Every byte the data file holds on disk (snapshot and journals), to look for secrets in. */
export async function dataFileText(path: string): Promise<string> {
  const names = (await readdir(dirname(path))).filter((name) => name.startsWith(basename(path)))
  const texts = await Promise.all(names.map((name) => readFile(join(dirname(path), name), 'utf8')))
  return texts.join('\n')
}
