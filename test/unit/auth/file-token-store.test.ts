import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultTokenFile, FileTokenStore } from '../../../src/auth/file-token-store.js'
import { resolveTenant } from '../../../src/auth/tenant-address.js'
import { tokenKey } from '../../../src/auth/token-key.js'
import { MemoryTokenStore } from '../../../src/auth/token-store.js'

const posix = process.platform !== 'win32'
let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'auth0plus-tokens-'))
})
afterEach(async () => {
  vi.unstubAllEnvs()
  await rm(dir, { recursive: true, force: true })
})

const token = { access_token: 'tok', expires_at: 1_700_000_000 }

describe('tokenKey', () => {
  it('separates domains, clients and audiences', () => {
    const a = resolveTenant('a.auth0.com')
    const keys = new Set([
      tokenKey(a, 'c1'),
      tokenKey(a, 'c2'),
      tokenKey(resolveTenant('b.auth0.com'), 'c1'),
      tokenKey(resolveTenant('a.auth0.com', 'https://other/'), 'c1'),
    ])
    expect(keys.size).toBe(4)
    expect(tokenKey(a, 'c1')).toBe(tokenKey(resolveTenant('https://a.auth0.com'), 'c1'))
  })
})

describe('MemoryTokenStore', () => {
  it('gets, sets and deletes copies', async () => {
    const store = new MemoryTokenStore()
    expect(await store.get('k')).toBeUndefined()
    await store.set('k', token)
    const got = await store.get('k')
    expect(got).toEqual(token)
    got!.access_token = 'changed'
    expect(await store.get('k')).toEqual(token)
    await store.delete('k')
    expect(await store.get('k')).toBeUndefined()
  })
})

describe('FileTokenStore', () => {
  it('defaults to the XDG cache, else ~/.cache', () => {
    vi.stubEnv('XDG_CACHE_HOME', '/xdg/cache')
    expect(defaultTokenFile()).toBe(join('/xdg/cache', 'auth0plus', 'tokens.json'))
    expect(new FileTokenStore().path).toBe(join('/xdg/cache', 'auth0plus', 'tokens.json'))
    vi.stubEnv('XDG_CACHE_HOME', '')
    expect(defaultTokenFile()).toBe(join(homedir(), '.cache', 'auth0plus', 'tokens.json'))
  })

  it('round-trips entries by key through one JSON file, creating its folder', async () => {
    const path = join(dir, 'nested', 'tokens.json')
    const store = new FileTokenStore(path)
    expect(await store.get('k1')).toBeUndefined()
    await store.set('k1', token)
    await store.set('k2', { access_token: 'tok2', expires_at: 1 })
    expect(await new FileTokenStore(path).get('k1')).toEqual(token)
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      k1: token,
      k2: { access_token: 'tok2', expires_at: 1 },
    })
    await store.delete('k1')
    expect(await store.get('k1')).toBeUndefined()
    expect(await store.get('k2')).toEqual({ access_token: 'tok2', expires_at: 1 })
  })

  it.runIf(posix)('writes the file with mode 0600', async () => {
    const path = join(dir, 'tokens.json')
    await new FileTokenStore(path).set('k', token)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })

  it.runIf(posix)('tightens an existing file that others could read', async () => {
    const path = join(dir, 'tokens.json')
    await writeFile(path, JSON.stringify({ k: token }))
    await chmod(path, 0o644)
    expect(await new FileTokenStore(path).get('k')).toEqual(token)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })

  it('writes atomically: a temp file in the same folder renamed over the target', async () => {
    const path = join(dir, 'tokens.json')
    const store = new FileTokenStore(path)
    await store.set('k', token)
    const before = await stat(path)
    await store.set('k2', token)
    // A rename replaces the file (new inode) instead of rewriting it in place.
    expect((await stat(path)).ino).not.toBe(before.ino)
    expect(await readdir(dir)).toEqual(['tokens.json'])
  })

  it('keeps every entry when one process writes concurrently', async () => {
    const store = new FileTokenStore(join(dir, 'tokens.json'))
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.set(`k${i}`, token)))
    for (let i = 0; i < 10; i++) expect(await store.get(`k${i}`)).toEqual(token)
  })

  it('reads a corrupt file as empty and overwrites it on the next write', async () => {
    const path = join(dir, 'tokens.json')
    await writeFile(path, '{"k": {"access_token": "half')
    const store = new FileTokenStore(path)
    expect(await store.get('k')).toBeUndefined()
    await store.set('k', token)
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ k: token })
  })

  it('drops malformed entries and non-object files', async () => {
    const path = join(dir, 'tokens.json')
    await writeFile(path, JSON.stringify({ good: token, bad: { access_token: 1 }, worse: null }))
    const store = new FileTokenStore(path)
    expect(await store.get('good')).toEqual(token)
    expect(await store.get('bad')).toBeUndefined()
    await writeFile(path, '[1, 2]')
    expect(await store.get('good')).toBeUndefined()
  })

  it('fails a write loudly when the folder cannot be created', async () => {
    const blocker = join(dir, 'file')
    await writeFile(blocker, '')
    const store = new FileTokenStore(join(blocker, 'tokens.json'))
    await expect(store.set('k', token)).rejects.toThrow()
    // The failed write does not block later ones.
    await expect(store.get('k')).resolves.toBeUndefined()
  })
})
