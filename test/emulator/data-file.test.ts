import { createHash, generateKeyPairSync } from 'node:crypto'
import { appendFile, copyFile, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadDataFile } from '../../src/emulator/data-file.js'
import { JournalWriter } from '../../src/emulator/journal-writer.js'
import { readLines } from '../../src/emulator/line-reader.js'
import { startEmulator, type EmulatorOptions } from '../../src/emulator/index.js'
import { readDataFile } from './data-file-helpers.js'
import { api, createUser, getToken, startTenant, userPath, type TestTenant } from './helpers.js'

const tempFile = async (name = 'tenant.json') =>
  join(await mkdtemp(join(tmpdir(), 'auth0plus-journal-')), name)
const headerOf = async (path: string) =>
  JSON.parse((await readFile(path, 'utf8')).split('\n')[0]!) as { version: number; journal: number }
const journalLines = async (path: string) =>
  (await readFile(path, 'utf8')).trimEnd().split('\n').slice(1)

const API = 'https://reports.example/'
const perm = (permission_name: string) => ({ resource_server_identifier: API, permission_name })

async function passwordLogin(tenant: TestTenant, username: string, password: string) {
  const res = await fetch(`${tenant.domain}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'password',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      username,
      password,
    }),
  })
  return res.status
}

/** Writes of every kind, in an order where replaying them out of order would show. */
async function scenario(tenant: TestTenant) {
  const kept = await createUser(tenant, { email: 'kept@journal.test', password: 'Passw0rd!kept' })
  await api(tenant, 'PATCH', userPath(kept.user_id), { body: { user_metadata: { n: 1 } } })
  await api(tenant, 'PATCH', userPath(kept.user_id), { body: { user_metadata: { n: 2 } } })
  const gone = await createUser(tenant, { email: 'gone@journal.test' })
  await api(tenant, 'PATCH', userPath(gone.user_id), { body: { name: 'Gone' } })
  await api(tenant, 'DELETE', userPath(gone.user_id))
  await api(tenant, 'POST', '/resource-servers', {
    body: { identifier: API, scopes: [{ value: 'read:reports' }, { value: 'write:reports' }] },
  })
  const role = (await api(tenant, 'POST', '/roles', { body: { name: 'editor' } })).body
  const dropped = (await api(tenant, 'POST', '/roles', { body: { name: 'dropped' } })).body
  await api(tenant, 'POST', `/roles/${role.id}/permissions`, {
    body: { permissions: [perm('read:reports'), perm('write:reports')] },
  })
  await api(tenant, 'DELETE', `/roles/${role.id}/permissions`, {
    body: { permissions: [perm('write:reports')] },
  })
  for (const id of [role.id, dropped.id]) {
    await api(tenant, 'POST', `/roles/${id}/users`, { body: { users: [kept.user_id] } })
  }
  await api(tenant, 'DELETE', `/roles/${dropped.id}`)
  await api(tenant, 'POST', `${userPath(kept.user_id)}/permissions`, {
    body: { permissions: [perm('write:reports')] },
  })
  await api(tenant, 'POST', '/client-grants', {
    body: { client_id: tenant.clientId, audience: API, scope: ['read:reports'] },
  })
  return { kept, gone, role }
}

/** What a restarted tenant must answer the same. */
async function view(tenant: TestTenant, ids: { kept: { user_id: string }; role: { id: string } }) {
  return {
    users: (await api(tenant, 'GET', '/users')).body,
    roles: (await api(tenant, 'GET', '/roles')).body,
    rolePermissions: (await api(tenant, 'GET', `/roles/${ids.role.id}/permissions`)).body,
    roleUsers: (await api(tenant, 'GET', `/roles/${ids.role.id}/users`)).body,
    userPermissions: (await api(tenant, 'GET', `${userPath(ids.kept.user_id)}/permissions`)).body,
    apis: (await api(tenant, 'GET', '/resource-servers')).body.slice(1),
    grants: (await api(tenant, 'GET', `/client-grants?audience=${encodeURIComponent(API)}`)).body,
  }
}

async function restart(dataFile: string, options: EmulatorOptions = {}): Promise<TestTenant> {
  const tenant = await startEmulator({ port: 0, dataFile, ...options })
  const token = await getToken(tenant, tenant.clientId, tenant.clientSecret)
  return Object.assign(tenant, { token })
}

describe('the data file journal', () => {
  for (const compactAfterBytes of [undefined, 1]) {
    const how = compactAfterBytes === undefined ? 'from the journal' : 'after compactions'
    it(`restores users, passwords and RBAC ${how}, in write order`, async () => {
      const dataFile = await tempFile()
      const first = await startTenant({ dataFile, compactAfterBytes })
      const ids = await scenario(first)
      const before = await view(first, ids)
      await first.stop()
      expect(before.users).toHaveLength(1)
      expect(before.roleUsers).toHaveLength(1)
      if (compactAfterBytes === undefined) {
        // Every change is a line of generation 1; the snapshot written at start has no users.
        const tags = (await journalLines(`${dataFile}.journal.1`)).map((l) => JSON.parse(l)[0])
        expect(tags.filter((tag: string) => tag === 'u')).toHaveLength(5)
        expect(tags).toContain('ud')
        expect(tags).toContain('rf')
      } else {
        expect((await headerOf(dataFile)).journal).toBeGreaterThan(2)
        expect((await readdir(join(dataFile, '..'))).length).toBeLessThanOrEqual(3)
      }

      const second = await restart(dataFile)
      try {
        expect(await view(second, ids)).toEqual(before)
        expect((await api(second, 'GET', userPath(ids.gone.user_id))).status).toBe(404)
        expect(await passwordLogin(second, 'kept@journal.test', 'Passw0rd!kept')).toBe(200)
        expect(await passwordLogin(second, 'kept@journal.test', 'wrong')).toBe(403)
      } finally {
        await second.stop()
      }
    })
  }

  it('keeps users seeded into a loaded tenant that had none', async () => {
    const dataFile = await tempFile()
    await (await startTenant({ dataFile })).stop()
    await (await startTenant({ dataFile, users: [{ email: 'seed@journal.test' }] })).stop()
    const again = await restart(dataFile)
    try {
      expect((await api(again, 'GET', '/users')).body).toEqual([
        expect.objectContaining({ email: 'seed@journal.test' }),
      ])
    } finally {
      await again.stop()
    }
  })

  it('ignores a torn last line, and refuses a corrupt line before the last', async () => {
    const dataFile = await tempFile()
    const first = await startTenant({ dataFile })
    const user = await createUser(first, { email: 'whole@journal.test' })
    await first.stop()
    const journal = `${dataFile}.journal.1`
    const whole = await readFile(journal, 'utf8')

    // A write the kill cut short: it was never acknowledged, so the start goes on without it.
    await appendFile(journal, '["u",{"user_id":"auth0|torn","email":"to')
    const second = await restart(dataFile)
    try {
      expect((await api(second, 'GET', '/users')).body).toEqual([
        expect.objectContaining({ user_id: user.user_id }),
      ])
    } finally {
      await second.stop()
    }

    const lines = whole.trimEnd().split('\n')
    lines.splice(1, 0, '["u",{"user_id":"auth0|cut"') // a damaged line with lines after it
    await writeFile(journal, `${lines.join('\n')}\n`)
    await expect(loadDataFile(dataFile)).rejects.toThrow(/journal\.1:2: .*refusing/)
    await expect(startEmulator({ port: 0, dataFile })).rejects.toThrow(/refusing/)
  })

  it('recovers from a kill at each step of a compaction', async () => {
    const dataFile = await tempFile()
    const first = await startTenant({ dataFile })
    const user = await createUser(first, { email: 'step@journal.test' })
    await first.stop()
    const { tenant } = JSON.parse((await readFile(dataFile, 'utf8')).split('\n')[0]!)
    const patched = { ...user, name: 'After the switch' }
    const journal2 = [
      JSON.stringify({ format: 'auth0plus-emulator-journal', tenant, generation: 2 }),
      JSON.stringify(['u', patched]),
      '',
    ].join('\n')
    const temp = join(dataFile, '..', `.tenant.json.${'ab'.repeat(12)}.tmp`)

    // Killed after the switch to generation 2, mid-snapshot: the old snapshot names 1, then 2.
    await writeFile(`${dataFile}.journal.2`, journal2)
    await writeFile(temp, '{"format":"auth0plus-emulator","ver')
    const second = await restart(dataFile)
    try {
      expect((await api(second, 'GET', userPath(user.user_id))).body.name).toBe('After the switch')
      expect(await readdir(join(dataFile, '..'))).not.toContain(temp.split('/').at(-1))
    } finally {
      await second.stop()
    }

    // Killed after the new snapshot (naming 2) replaced the old one, before generation 1 was
    // removed: generation 1 is stale and must not be replayed over it (it would undo the name).
    const stale = await readFile(`${dataFile}.journal.1`, 'utf8')
    const third = await restart(dataFile, { compactAfterBytes: 1 })
    await api(third, 'PATCH', userPath(user.user_id), { body: { nickname: 'compacted' } })
    await third.stop()
    expect((await headerOf(dataFile)).journal).toBeGreaterThan(2)
    await writeFile(`${dataFile}.journal.1`, stale)
    const fourth = await restart(dataFile)
    try {
      const body = (await api(fourth, 'GET', userPath(user.user_id))).body
      expect([body.name, body.nickname]).toEqual(['After the switch', 'compacted'])
      expect(await readdir(join(dataFile, '..'))).not.toContain('tenant.json.journal.1')
    } finally {
      await fourth.stop()
    }
  })

  it('refuses a journal the snapshot does not lead to, or one of another tenant', async () => {
    const dataFile = await tempFile()
    const first = await startTenant({ dataFile })
    await createUser(first, { email: 'one@journal.test' })
    await first.stop()
    await copyFile(`${dataFile}.journal.1`, `${dataFile}.journal.3`)
    await expect(startEmulator({ port: 0, dataFile })).rejects.toThrow(/follows no journal/)

    const other = await tempFile()
    const stranger = await startTenant({ dataFile: other })
    await createUser(stranger, { email: 'two@journal.test' })
    await stranger.stop()
    await copyFile(`${other}.journal.1`, `${dataFile}.journal.2`)
    await expect(startEmulator({ port: 0, dataFile })).rejects.toThrow(/not a journal of this/)
  })

  it('refuses a record holding a "__proto__" key, also spelt with \\u escapes', async () => {
    const dataFile = await tempFile()
    const first = await startTenant({ dataFile })
    await first.stop()
    const snapshot = (await readFile(dataFile, 'utf8')).split('\n')
    for (const key of ['__proto__', '\\u005f_proto__']) {
      const user = `["u",{"user_id":"auth0|x","user_metadata":{"${key}":{"polluted":1}}}]`
      await writeFile(dataFile, [snapshot[0], user, '["end",1]', ''].join('\n'))
      await expect(startEmulator({ port: 0, dataFile })).rejects.toThrow(/__proto__/)
    }
  })

  it('records a role assignment in one short line, however many users hold the role', async () => {
    const dataFile = await tempFile()
    const seeds = Array.from({ length: 300 }, (_, i) => ({ email: `m${i}@journal.test` }))
    const tenant = await startTenant({
      dataFile,
      users: [...seeds, { email: 'late@journal.test' }],
      roles: [{ name: 'crowd', users: seeds.map((seed) => seed.email) }],
    })
    try {
      const [role] = (await api(tenant, 'GET', '/roles')).body
      const late = (await api(tenant, 'GET', '/users-by-email?email=late@journal.test')).body[0]
      await api(tenant, 'POST', `/roles/${role.id}/users`, { body: { users: [late.user_id] } })
      const journal = `${dataFile}.journal.1`
      expect(await journalLines(journal)).toEqual([
        expect.stringMatching(/^\["ra","rol_\w+","auth0\|\w+",\d+\]$/),
      ])
      expect((await stat(journal)).size).toBeLessThan(200)
    } finally {
      await tenant.stop()
    }
  })

  it('loads a version 1 file (one JSON document) and rewrites it as a snapshot at start', async () => {
    const dataFile = await tempFile()
    const salt = '00'.repeat(16)
    const digest = createHash('sha256').update(`${salt}:Passw0rd!old`).digest('hex')
    const old = {
      format: 'auth0plus-emulator',
      version: 1,
      clientId: 'oldClient',
      clientSecret: 'old-secret-old-secret-old-secret',
      signingKey: {
        kid: 'old-kid',
        pem: generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ format: 'pem', type: 'pkcs8' })
          .toString(),
      },
      connectionIds: {},
      users: [
        {
          user_id: 'auth0|old1',
          email: 'old@journal.test',
          identities: [
            { connection: 'Username-Password-Authentication', provider: 'auth0', user_id: 'old1' },
          ],
        },
      ],
      passwords: { 'auth0|old1': `sha256$${salt}$${digest}` },
      rbac: {
        resourceServers: [],
        roles: [{ id: 'rol_old', name: 'veteran', permissions: [], users: [['auth0|old1', 1]] }],
        userPermissions: [],
        clientGrants: [],
      },
    }
    await writeFile(dataFile, JSON.stringify(old))
    const tenant = await restart(dataFile)
    try {
      expect(tenant.clientId).toBe('oldClient')
      expect((await headerOf(dataFile)).version).toBe(2)
      expect(await passwordLogin(tenant, 'old@journal.test', 'Passw0rd!old')).toBe(200)
      const members = (await api(tenant, 'GET', '/roles/rol_old/users')).body
      expect(members).toEqual([expect.objectContaining({ user_id: 'auth0|old1' })])
    } finally {
      await tenant.stop()
    }
    const saved = await readDataFile(dataFile)
    expect(saved.users.map((u: { user_id: string }) => u.user_id)).toEqual(['auth0|old1'])
  })
})

describe('readLines', () => {
  it('cuts lines on bytes across reads, grows for a line longer than a read, flags a torn tail', async () => {
    const path = await tempFile('lines.txt')
    const long = 'é'.repeat(5 << 20) // 10 MiB of two-byte characters: longer than one read
    await writeFile(path, `first\n${long}\nlast line\ntorn é`)
    const lines = [...readLines(path)]
    expect(lines.map((line) => [line.number, line.text.length, line.torn])).toEqual([
      [1, 5, false],
      [2, long.length, false],
      [3, 9, false],
      [4, 6, true],
    ])
    expect(lines[1]!.text === long && lines[3]!.text === 'torn é').toBe(true)
  })
})

describe('JournalWriter', () => {
  const writerAt = (path: string) =>
    new JournalWriter({
      path,
      tenantId: 't',
      first: 1,
      next: 1,
      snapshotBytes: 0,
      journalBytes: 0,
      snapshot: () => [],
    })

  it('resolves each save only once its line is on disk, sharing writes between them', async () => {
    const path = await tempFile()
    const writer = writerAt(path)
    const saves = Array.from({ length: 100 }, (_, i) => {
      writer.append(['ud', `auth0|${i}`])
      return writer.save().then(async () => {
        const text = await readFile(`${path}.journal.1`, 'utf8')
        expect(text).toContain(`"auth0|${i}"`)
      })
    })
    await Promise.all(saves)
    await writer.close()
    expect(await journalLines(`${path}.journal.1`)).toHaveLength(100)
  })

  it('rejects the waiting saves when a write fails, and every later one', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'auth0plus-journal-')), 'missing', 't.json')
    const writer = writerAt(path)
    writer.append(['ud', 'auth0|1'])
    await expect(writer.save()).rejects.toThrow(/ENOENT/)
    writer.append(['ud', 'auth0|2'])
    await expect(writer.save()).rejects.toThrow(/ENOENT/)
  })
})
