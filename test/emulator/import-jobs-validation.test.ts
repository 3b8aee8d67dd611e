import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, createUser, startTenant, userPath, type TestTenant } from './helpers.js'
import { connectionId, postImport } from './import-helpers.js'

let tenant: TestTenant
let conId: string

beforeAll(async () => {
  tenant = await startTenant({
    connections: ['Username-Password-Authentication', { name: 'staff', requiresUsername: true }],
  })
  conId = await connectionId(tenant)
})
afterAll(() => tenant.stop())

const BCRYPT_10 = '$2b$10$' + 'a'.repeat(53)

/** Imports `users`, waits for completion and answers the summary and the error report. */
async function importAndReport(users: unknown[], upsert = false, connection = conId) {
  const job = await postImport(tenant, { users, connection_id: connection, upsert })
  expect(job.status).toBe(202)
  let described = await api(tenant, 'GET', `/jobs/${job.body.id}`)
  while (described.body.status === 'pending') {
    await new Promise((resolve) => setImmediate(resolve))
    described = await api(tenant, 'GET', `/jobs/${job.body.id}`)
  }
  const errors = await api(tenant, 'GET', `/jobs/${job.body.id}/errors`)
  return { summary: described.body.summary, report: errors.body ?? [], text: errors.text }
}

/** The codes reported for each user, in file order. */
const codesOf = (report: { errors: { code: string }[] }[]) =>
  report.map((entry) => entry.errors.map((e) => e.code))

describe('per-user validation (the import file schema)', () => {
  it('reports each schema code with Auth0-style messages and paths', async () => {
    const users: unknown[] = [
      { email_verified: true },
      { email: 'not-an-email' },
      { email: 'extra@example.com', favourite: 'x' },
      { email: 'prefixed@example.com', user_id: 'auth0|abc' },
      { email: 'reserved@example.com', app_metadata: { loginsCount: 3 } },
      { email: 'md5@example.com', password_hash: '5f4dcc3b5aa765d61d8327deb882cf99' },
      {
        email: 'both@example.com',
        password_hash: BCRYPT_10,
        custom_password_hash: {
          algorithm: 'md5',
          hash: { value: '5f4dcc3b5aa765d61d8327deb882cf99' },
        },
      },
      { email: 'type@example.com', email_verified: 'yes' },
      { email: 'long@example.com', name: 'n'.repeat(301), given_name: '' },
      {
        email: 'algo@example.com',
        custom_password_hash: { algorithm: 'rot13', hash: { value: 'x' } },
      },
      {
        email: 'hmac@example.com',
        custom_password_hash: { algorithm: 'hmac', hash: { value: 'ab', encoding: 'hex' } },
      },
      {
        email: 'scrypt@example.com',
        custom_password_hash: {
          algorithm: 'scrypt',
          hash: { value: 'abcd' },
          salt: { value: 's' },
          cost: 1_048_576,
          blockSize: 8,
        },
      },
      { email: 'mfa0@example.com', mfa_factors: [] },
      { email: 'mfa11@example.com', mfa_factors: Array(11).fill({ email: { value: 'a@b.co' } }) },
      { email: 'mfax@example.com', mfa_factors: [{ sms: { value: '+1' } }] },
      { email: 'totp@example.com', mfa_factors: [{ totp: { secret: 'lower' } }] },
      42,
    ]
    const { summary, report } = await importAndReport(users)
    expect(summary).toEqual({ failed: users.length, updated: 0, inserted: 0, total: users.length })
    expect(codesOf(report)).toEqual([
      ['OBJECT_REQUIRED'],
      ['INVALID_FORMAT'],
      ['OBJECT_ADDITIONAL_PROPERTIES'],
      ['PATTERN'],
      ['NOT_PASSED'],
      ['PATTERN'],
      ['NOT_PASSED'],
      ['INVALID_TYPE'],
      ['MIN_LENGTH', 'MAX_LENGTH'],
      ['ENUM_MISMATCH'],
      ['OBJECT_REQUIRED', 'OBJECT_REQUIRED'],
      ['MAXIMUM'],
      ['ARRAY_LENGTH_SHORT'],
      ['ARRAY_LENGTH_LONG'],
      ['ANY_OF_MISSING'],
      ['PATTERN'],
      ['INVALID_TYPE'],
    ])
    expect(report[1].errors[0]).toEqual({
      code: 'INVALID_FORMAT',
      message:
        "Error in email property - Object didn't pass validation for format email: not-an-email",
      path: 'email',
    })
    expect(report[0].errors[0]).toEqual({
      code: 'OBJECT_REQUIRED',
      message: 'Missing required property: email',
    })
    expect(report[2].errors[0].message).toBe('Additional properties not allowed: favourite')
    expect(report[16]).toEqual({
      user: 42,
      errors: [{ code: 'INVALID_TYPE', message: 'Expected type object but found type integer' }],
    })
  })

  it('echoes the user as given, minus its password hashes', async () => {
    const { report, text } = await importAndReport([
      { email: 'bad', password_hash: BCRYPT_10, user_metadata: { note: 'kept' } },
    ])
    expect(report[0].user).toEqual({ email: 'bad', user_metadata: { note: 'kept' } })
    expect(text).not.toContain(BCRYPT_10)
  })

  it('reports repeats inside one file and conflicts with existing users', async () => {
    await createUser(tenant, { email: 'taken@example.com', user_id: 'taken-id' })
    const { summary, report } = await importAndReport([
      { email: 'twice@example.com', user_id: 'twice-1' },
      { email: 'TWICE@example.com' },
      { email: 'other@example.com', user_id: 'twice-1' },
      { email: 'fresh@example.com', user_id: 'taken-id' },
    ])
    expect(summary).toEqual({ failed: 3, updated: 0, inserted: 1, total: 4 })
    expect(codesOf(report)).toEqual([['CONFLICT_EMAIL'], ['CONFLICT'], ['CONFLICT']])
  })

  it('applies the per-algorithm rules of custom_password_hash', async () => {
    const custom = (email: string, spec: Record<string, unknown>) => ({
      email,
      custom_password_hash: spec,
    })
    const md5 = '5f4dcc3b5aa765d61d8327deb882cf99'
    const { report } = await importAndReport([
      custom('a1@example.com', {
        algorithm: 'argon2',
        hash: { value: '$argon2id$v=19$m=1024,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g' },
        salt: { value: 'x' },
      }),
      custom('a2@example.com', { algorithm: 'md5', hash: { value: md5, encoding: 'utf8' } }),
      custom('a3@example.com', { algorithm: 'sha256', hash: { value: md5, encoding: 'hex' } }),
      custom('a4@example.com', {
        algorithm: 'bcrypt',
        hash: { value: '$2b$31$' + 'a'.repeat(53) },
      }),
      custom('a5@example.com', {
        algorithm: 'scrypt',
        hash: { value: md5 },
        salt: { value: 's' },
        cost: 1000,
      }),
      custom('a6@example.com', { algorithm: 'ldap', hash: { value: '{CRYPT}abcdefgh' } }),
      custom('a7@example.com', {
        algorithm: 'pbkdf2',
        hash: { value: '$pbkdf2-sha256$i=10000000,l=32$c2FsdA$aGFzaA' },
      }),
      custom('a8@example.com', {
        algorithm: 'hmac',
        hash: { value: md5, digest: 'crc32', key: { value: 'k' } },
      }),
    ])
    expect(codesOf(report)).toEqual([
      ['NOT_PASSED'],
      ['ENUM_MISMATCH'],
      ['PATTERN'],
      ['PATTERN'],
      ['INVALID_FORMAT'],
      ['PATTERN'],
      ['PATTERN'],
      ['ENUM_MISMATCH'],
    ])
    expect(report[2].errors[0]).toEqual({
      code: 'PATTERN',
      message:
        'Error in custom_password_hash.hash.value property - A sha256 digest is 32 bytes, not 16',
      path: 'custom_password_hash.hash.value',
    })
  })

  it('checks usernames on a connection that requires them', async () => {
    const staff = await connectionId(tenant, 'staff')
    await createUser(tenant, {
      connection: 'staff',
      email: 'holder@example.com',
      username: 'taken',
    })
    const { summary, report } = await importAndReport(
      [
        { email: 's1@example.com', username: 'Sam' },
        { email: 's2@example.com', username: 'sam' },
        { email: 's3@example.com' },
        { email: 's4@example.com', username: 'taken' },
      ],
      false,
      staff,
    )
    expect(summary).toEqual({ failed: 3, updated: 0, inserted: 1, total: 4 })
    expect(codesOf(report)).toEqual([
      ['CONFLICT_USERNAME'],
      ['OBJECT_REQUIRED'],
      ['CONFLICT_USERNAME'],
    ])
    const [sam] = (await api(tenant, 'GET', '/users-by-email?email=s1@example.com')).body
    expect(sam.username).toBe('sam')
  })

  it('imports MFA factors as authentication methods', async () => {
    const { summary } = await importAndReport([
      {
        email: 'mfa@example.com',
        user_id: 'mfa-1',
        mfa_factors: [
          { totp: { secret: 'JBSWY3DPEHPK3PXP' } },
          { phone: { value: '+14155550100' } },
        ],
      },
    ])
    expect(summary.inserted).toBe(1)
    const methods = await api(tenant, 'GET', `${userPath('auth0|mfa-1')}/authentication-methods`)
    expect(methods.body.map((m: { type: string }) => m.type).sort()).toEqual(['phone', 'totp'])
  })
})

describe('hostile files', () => {
  it('refuses __proto__ keys per user without touching any prototype', async () => {
    const file =
      '[{"email":"p1@example.com","__proto__":{"polluted":true}},' +
      '{"email":"p2@example.com","user_metadata":{"__proto__":{"polluted":true}}},' +
      '{"email":"p3@example.com","user_metadata":{"constructor":{"prototype":{"polluted":true}}}}]'
    const job = await postImport(tenant, { file, connection_id: conId })
    let described = await api(tenant, 'GET', `/jobs/${job.body.id}`)
    while (described.body.status === 'pending')
      described = await api(tenant, 'GET', `/jobs/${job.body.id}`)
    expect(described.body.summary).toEqual({ failed: 2, updated: 0, inserted: 1, total: 3 })
    const errors = await api(tenant, 'GET', `/jobs/${job.body.id}/errors`)
    expect(errors.text).toContain('"__proto__":{"polluted":true}')
    expect(errors.body.map((e: { errors: { code: string }[] }) => e.errors[0]!.code)).toEqual([
      'OBJECT_ADDITIONAL_PROPERTIES',
      'OBJECT_ADDITIONAL_PROPERTIES',
    ])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const [p3] = (await api(tenant, 'GET', '/users-by-email?email=p3@example.com')).body
    expect(p3.user_metadata).toEqual({ constructor: { prototype: { polluted: true } } })
  })

  it('imports a file of 6000 users just under 500 KB', async () => {
    const users = Array.from({ length: 6000 }, (_, i) => ({
      email: `bulk${i}@example.com`,
      email_verified: true,
    }))
    const file = JSON.stringify(users)
    expect(file.length).toBeLessThan(512_000)
    const { summary } = await importAndReport(users)
    expect(summary).toEqual({ failed: 0, updated: 0, inserted: 6000, total: 6000 })
    const found = await api(tenant, 'GET', '/users-by-email?email=bulk5999@example.com')
    expect(found.body).toHaveLength(1)
  })
})
