import { execFile } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FileTokenStore } from '../../../src/auth/file-token-store.js'
import { Auth0PlusError } from '../../../src/errors.js'

const run = promisify(execFile)
const writer = fileURLToPath(new URL('../../fixtures/auth/token-store-writer.ts', import.meta.url))
const token = { access_token: 'eyJ.secret-token.sig', expires_at: 2_000_000_000 }
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'auth0plus-store-'))
})
afterEach(async () => {
  vi.unstubAllEnvs()
  await rm(dir, { recursive: true, force: true })
})

describe('FileTokenStore across processes', () => {
  // Before the lock, two processes doing 150 set() each kept about 160 of the 300 keys.
  it('keeps every key when two processes write at once', async () => {
    const path = join(dir, 'tokens.json')
    const child = (prefix: string) =>
      run(process.execPath, ['--import', 'tsx', writer, path, prefix, '150'], { timeout: 120_000 })
    await Promise.all([child('a'), child('b')])
    const entries = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
    expect(Object.keys(entries)).toHaveLength(300)
  }, 150_000)
})

describe('FileTokenStore refuses what another user could plant', () => {
  it('does not follow a symlink at its path, on read or write, and leaves the target alone', async () => {
    const target = join(dir, 'elsewhere.json')
    await writeFile(target, '{}\n', { mode: 0o644 })
    const path = join(dir, 'tokens.json')
    await symlink(target, path)
    const store = new FileTokenStore(path)
    await expect(store.get('k')).rejects.toThrow(Auth0PlusError)
    await expect(store.set('k', token)).rejects.toThrow('is a symbolic link')
    expect(await readFile(target, 'utf8')).toBe('{}\n')
    expect((await stat(target)).mode & 0o777).toBe(0o644)
  })

  it('refuses a folder others can write to, and tightens its own default folder', async () => {
    const shared = join(dir, 'shared')
    await mkdir(shared)
    await chmod(shared, 0o777)
    await expect(new FileTokenStore(join(shared, 't.json')).set('k', token)).rejects.toThrow(
      'writable by other users',
    )
    vi.stubEnv('XDG_CACHE_HOME', dir)
    await mkdir(join(dir, 'auth0plus'), { mode: 0o777 })
    await chmod(join(dir, 'auth0plus'), 0o777)
    await new FileTokenStore().set('k', token)
    expect((await stat(join(dir, 'auth0plus'))).mode & 0o777).toBe(0o700)
  })

  it('says once, without its content, that a corrupt file is ignored', async () => {
    const path = join(dir, 'tokens.json')
    await writeFile(path, `{"k": {"access_token": "${token.access_token}"`, { mode: 0o600 })
    const warnings: string[] = []
    const store = new FileTokenStore(path, { warn: (message) => warnings.push(message) })
    expect(await store.get('k')).toBeUndefined()
    expect(await store.get('k')).toBeUndefined()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('not valid JSON')
    expect(warnings[0]).not.toContain(token.access_token)
    await store.set('k', token)
    expect(await store.get('k')).toEqual(token)
  })
})
