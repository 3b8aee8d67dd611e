import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataFileWriter, type DataFileState } from '../../src/emulator/data-file.js'

const state = (users: number): DataFileState => ({
  format: 'auth0plus-emulator',
  version: 1,
  clientId: 'id',
  clientSecret: 'secret',
  signingKey: { kid: 'k', pem: '' },
  connectionIds: {},
  users: Array.from({ length: users }, (_, i) => ({ user_id: `auth0|${i}` })),
})

describe('DataFileWriter', () => {
  it('coalesces concurrent saves and resolves each only once its change is on disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auth0plus-writer-'))
    const path = join(dir, 'tenant.json')
    let users = 0
    let snapshots = 0
    const writer = new DataFileWriter(path, () => {
      snapshots++
      return state(users)
    })
    const saves: Promise<void>[] = []
    for (let i = 0; i < 100; i++) {
      users++
      const expected = users
      saves.push(
        writer.save().then(async () => {
          const onDisk = JSON.parse(await readFile(path, 'utf8')) as DataFileState
          expect(onDisk.users.length).toBeGreaterThanOrEqual(expected)
        }),
      )
    }
    await Promise.all(saves)
    // One write for the first change, one for everything that queued behind it.
    expect(snapshots).toBe(2)
    await writer.flush()
    expect(await readdir(dir)).toEqual(['tenant.json'])
  })

  it('rejects the waiting saves when the write fails, and recovers', async () => {
    const path = join(
      await mkdtemp(join(tmpdir(), 'auth0plus-writer-')),
      'missing-dir',
      'tenant.json',
    )
    const writer = new DataFileWriter(path, () => state(1))
    await expect(writer.save()).rejects.toThrow(/ENOENT/)
    await expect(writer.save()).rejects.toThrow(/ENOENT/)
  })
})
