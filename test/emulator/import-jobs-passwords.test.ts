import { createHash, createHmac, pbkdf2Sync, scryptSync } from 'node:crypto'
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { argon2id, bcrypt, md4 } from 'hash-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, startTenant, tokenRequest, type TestTenant } from './helpers.js'
import { startEmulator } from '../../src/emulator/index.js'
import { authorizeRequest, callbackParams, NATIVE_APP, submitLogin } from './authorize-helpers.js'
import { connectionId, postImport } from './import-helpers.js'

const PASSWORD = 'Imported-Passw0rd!'
const salt = Buffer.from('NaCl-1234')
const digest = (algorithm: string, data: Buffer) => createHash(algorithm).update(data).digest()
const withSalt = (position: 'prefix' | 'suffix') =>
  position === 'prefix'
    ? Buffer.concat([salt, Buffer.from(PASSWORD)])
    : Buffer.concat([Buffer.from(PASSWORD), salt])
const ldap = (scheme: string, algorithm: string, salted: boolean) => {
  const s = salted ? salt : Buffer.alloc(0)
  const value = Buffer.concat([digest(algorithm, Buffer.concat([Buffer.from(PASSWORD), s])), s])
  return `{${scheme}}${value.toString('base64')}`
}
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '')

/** One imported user per hash kind: the file's hash field(s), keyed by a label. */
async function hashKinds(): Promise<Record<string, Record<string, unknown>>> {
  const bcryptHash = await bcrypt({
    password: PASSWORD,
    salt: Buffer.alloc(16, 7),
    costFactor: 10,
    outputType: 'encoded',
  })
  const argon = await argon2id({
    password: PASSWORD,
    salt: Buffer.alloc(16, 3),
    parallelism: 1,
    iterations: 2,
    memorySize: 1024,
    hashLength: 32,
    outputType: 'encoded',
  })
  const pbkdf2 = pbkdf2Sync(PASSWORD, salt, 1000, 32, 'sha256')
  const custom = (spec: Record<string, unknown>) => ({ custom_password_hash: spec })
  const salted = { value: salt.toString('base64'), encoding: 'base64' }
  return {
    password_hash: { password_hash: bcryptHash.replace(/^\$2a\$/, '$2b$') },
    bcrypt: custom({ algorithm: 'bcrypt', hash: { value: bcryptHash.replace(/^\$2a\$/, '$2y$') } }),
    argon2: custom({ algorithm: 'argon2', hash: { value: argon, encoding: 'utf8' } }),
    pbkdf2: custom({
      algorithm: 'pbkdf2',
      hash: { value: `$pbkdf2-sha256$i=1000,l=32$${b64(salt)}$${b64(pbkdf2)}`, encoding: 'utf8' },
    }),
    scrypt: custom({
      algorithm: 'scrypt',
      hash: {
        value: scryptSync(PASSWORD, salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64'),
        encoding: 'base64',
      },
      salt: { value: salt.toString('hex'), encoding: 'hex' },
      keylen: 32,
      cost: 1024,
    }),
    md4: custom({
      algorithm: 'md4',
      hash: { value: await md4(withSalt('prefix')), encoding: 'hex' },
      salt: { value: 'NaCl-1234' },
    }),
    md5: custom({
      algorithm: 'md5',
      hash: { value: digest('md5', withSalt('suffix')).toString('base64'), encoding: 'base64' },
      salt: { value: 'NaCl-1234', position: 'suffix' },
    }),
    sha1: custom({
      algorithm: 'sha1',
      hash: { value: digest('sha1', Buffer.from(PASSWORD)).toString('hex') },
    }),
    sha256: custom({
      algorithm: 'sha256',
      hash: { value: digest('sha256', withSalt('prefix')).toString('hex'), encoding: 'hex' },
      salt: { ...salted, position: 'prefix' },
    }),
    sha512: custom({
      algorithm: 'sha512',
      hash: {
        value: digest('sha512', Buffer.concat([salt, Buffer.from(PASSWORD, 'utf16le')])).toString(
          'hex',
        ),
      },
      salt: { value: 'NaCl-1234' },
      password: { encoding: 'utf16le' },
    }),
    hmac: custom({
      algorithm: 'hmac',
      hash: {
        value: createHmac('sha256', 'pepper').update(withSalt('suffix')).digest('base64'),
        encoding: 'base64',
        digest: 'sha256',
        key: { value: Buffer.from('pepper').toString('hex'), encoding: 'hex' },
      },
      salt: { value: 'NaCl-1234', position: 'suffix' },
    }),
    ldap_ssha: custom({
      algorithm: 'ldap',
      hash: { value: ldap('SSHA', 'sha1', true), encoding: 'utf8' },
    }),
    ldap_sha: custom({ algorithm: 'ldap', hash: { value: ldap('SHA', 'sha1', false) } }),
    ldap_md5: custom({ algorithm: 'ldap', hash: { value: ldap('MD5', 'md5', false) } }),
    ldap_smd5: custom({ algorithm: 'ldap', hash: { value: ldap('SMD5', 'md5', true) } }),
    ldap_ssha512: custom({ algorithm: 'ldap', hash: { value: ldap('SSHA512', 'sha512', true) } }),
  }
}

let tenant: TestTenant
let dir: string
let dataFile: string
let kinds: Record<string, Record<string, unknown>>
const emailOf = (label: string) => `${label.replace(/_/g, '-')}@hashes.example.com`

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'auth0plus-import-'))
  dataFile = join(dir, 'tenant.json')
  tenant = await startTenant({ dataFile, clients: [NATIVE_APP] })
  kinds = await hashKinds()
  const users = Object.entries(kinds).map(([label, fields]) => ({
    email: emailOf(label),
    ...fields,
  }))
  const job = await postImport(tenant, { users, connection_id: await connectionId(tenant) })
  let described = await api(tenant, 'GET', `/jobs/${job.body.id}`)
  for (let i = 0; described.body.status === 'pending' && i < 500; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 5))
    described = await api(tenant, 'GET', `/jobs/${job.body.id}`)
  }
  const errors = await api(tenant, 'GET', `/jobs/${job.body.id}/errors`)
  expect(errors.body).toBeUndefined()
  expect(described.body.summary).toEqual({
    failed: 0,
    updated: 0,
    inserted: users.length,
    total: users.length,
  })
}, 30_000)
afterAll(async () => {
  await tenant.stop()
  await rm(dir, { recursive: true, force: true })
})

const login = (email: string, password: string) =>
  tokenRequest(tenant, {
    grant_type: 'password',
    client_id: tenant.clientId,
    client_secret: tenant.clientSecret,
    username: email,
    password,
  })

/** The password store entry of the user with `email`, as the data file holds it. */
async function storedHash(email: string): Promise<string> {
  const saved = JSON.parse(await readFile(dataFile, 'utf8'))
  const user = saved.users.find((u: { email: string }) => u.email === email)
  return saved.passwords[user.user_id]
}

describe('imported password hashes', () => {
  it('persists the imported users with their hashes once the job is completed', async () => {
    expect(await storedHash(emailOf('md5'))).toMatch(/^imported\$/)
    expect(await storedHash(emailOf('md5'))).not.toContain(PASSWORD)
  })

  it('keeps imported hashes across a restart (a copy of the data file, before any login)', async () => {
    const copy = `${dataFile}.copy`
    await copyFile(dataFile, copy)
    const restarted = await startEmulator({ port: 0, dataFile: copy })
    try {
      for (const label of ['argon2', 'sha512', 'ldap_ssha']) {
        const res = await tokenRequest(restarted, {
          grant_type: 'password',
          client_id: restarted.clientId,
          client_secret: restarted.clientSecret,
          username: emailOf(label),
          password: PASSWORD,
        })
        expect([label, res.status]).toEqual([label, 200])
      }
    } finally {
      await restarted.stop()
    }
  })

  it('logs each kind in through the password grant; a wrong password fails', async () => {
    for (const label of Object.keys(kinds)) {
      const wrong = await login(emailOf(label), 'not-the-password')
      expect([label, wrong.status]).toEqual([label, 403])
      const right = await login(emailOf(label), PASSWORD)
      expect([label, right.status]).toEqual([label, 200])
      // Rehashed: the emulator's own digest answers the next login.
      expect([label, (await login(emailOf(label), PASSWORD)).status]).toEqual([label, 200])
    }
  }, 30_000)

  it("replaces the imported hash with the emulator's digest after a login (persisted with the next write)", async () => {
    // Any acknowledged write saves the tenant, the rehashed passwords included.
    await api(tenant, 'POST', '/users', {
      body: { connection: tenant.connection, email: 'trigger@example.com', password: 'Passw0rd!x' },
    })
    for (const label of Object.keys(kinds)) {
      expect([label, await storedHash(emailOf(label))]).toEqual([
        label,
        expect.stringMatching(/^sha256\$/),
      ])
    }
  })
})

describe('the login page', () => {
  it('accepts an imported bcrypt password_hash', async () => {
    const email = 'page@hashes.example.com'
    const job = await postImport(tenant, {
      users: [
        { email, password_hash: (kinds.password_hash as { password_hash: string }).password_hash },
      ],
      connection_id: await connectionId(tenant),
    })
    let described = await api(tenant, 'GET', `/jobs/${job.body.id}`)
    while (described.body.status === 'pending')
      described = await api(tenant, 'GET', `/jobs/${job.body.id}`)
    const refused = await submitLogin(tenant, authorizeRequest(tenant).url, {
      email,
      password: 'wrong',
    })
    expect(refused.status).toBe(400)
    const res = await submitLogin(tenant, authorizeRequest(tenant).url, {
      email,
      password: PASSWORD,
    })
    expect(callbackParams(res).get('code')).toBeTruthy()
  })
})
