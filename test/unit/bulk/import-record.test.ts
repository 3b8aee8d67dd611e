import { describe, expect, it } from 'vitest'
import { checkImportUser } from '../../../src/bulk/import-record.js'
import { InvalidArgument } from '../../../src/errors.js'

const HASH = '$2b$10$C9UFkcM1PuSJ3O0Eg5ajvuWUuXtEnNExampleHashValueXYZ12'

describe('checkImportUser()', () => {
  it('accepts the import schema, custom_password_hash and mfa_factors included', () => {
    expect(() =>
      checkImportUser(
        {
          email: 'a@example.com',
          email_verified: true,
          user_id: 'legacy-42',
          given_name: 'Ada',
          blocked: false,
          app_metadata: { plan: 'gold' },
          user_metadata: { theme: 'dark' },
          custom_password_hash: {
            algorithm: 'pbkdf2',
            hash: { value: '$pbkdf2-sha512$i=100000,l=64$c2FsdA$aGFzaA', encoding: 'utf8' },
          },
          mfa_factors: [{ totp: { secret: 'JBSWY3DPEHPK3PXP' } }],
        },
        'users[0]',
      ),
    ).not.toThrow()
  })

  it.each([
    [{ name: 'x' }, "users[0] needs an email (the one field Auth0's import requires)."],
    [
      { email: 'a@x.io', password: 'pw' },
      "users[0] has 'password', not a field of Auth0's import schema.",
    ],
    [
      { email: 'a@x.io', user_id: 'auth0|1' },
      "users[0].user_id must not start with 'auth0|': Auth0 adds the prefix.",
    ],
    [
      {
        email: 'a@x.io',
        password_hash: HASH,
        custom_password_hash: { algorithm: 'md5', hash: { value: 'ab' } },
      },
      'users[0] has both password_hash and custom_password_hash; give one.',
    ],
    [
      { email: 'a@x.io', password_hash: 'plain-text-secret' },
      'users[0].password_hash must be a bcrypt hash ($2a$ or $2b$); use custom_password_hash for other algorithms.',
    ],
    [{ email: 'a@x.io', email_verified: 'yes' }, 'users[0].email_verified must be true or false.'],
    [
      { email: 'a@x.io', app_metadata: { user_id: 'x' } },
      "users[0].app_metadata may not hold 'user_id' (Auth0 reserves it).",
    ],
    [
      { email: 'a@x.io', custom_password_hash: { algorithm: 'rot13', hash: { value: 'x' } } },
      /algorithm must be one of argon2, bcrypt/,
    ],
    [
      { email: 'a@x.io', mfa_factors: [] },
      'users[0].mfa_factors must be a list of 1 to 10 factors.',
    ],
    [
      { email: 'a@x.io', mfa_factors: [{ sms: {} }] },
      'users[0].mfa_factors[0] must be one of { totp }, { phone }, { email }.',
    ],
    [{ email: 'a@x.io', nickname: Symbol('n') }, /users\[0\]\.nickname is a symbol/],
    [{ email: 'a@x.io', user_metadata: { n: 10n } }, /users\[0\]\.user_metadata\.n is a bigint/],
    [['a@x.io'], 'users[0] must be a user object.'],
  ])('refuses %o', (user, message) => {
    expect(() => checkImportUser(user, 'users[0]')).toThrow(InvalidArgument)
    expect(() => checkImportUser(user, 'users[0]')).toThrow(message)
  })

  it('never puts the value of a refused hash in its message', () => {
    const secret = 'my-plain-text-password-or-hash'
    try {
      checkImportUser({ email: 'a@x.io', password_hash: secret }, 'users[3]')
      expect.unreachable()
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(secret)
    }
  })

  it('refuses a Proxy without running its traps for the value', () => {
    const user = new Proxy({ email: 'a@x.io' }, {})
    expect(() => checkImportUser(user, 'users[0]')).toThrow('users[0] is a Proxy')
  })

  it('refuses a prototype-polluting key as any unknown key', () => {
    const user = JSON.parse('{"email":"a@x.io","__proto__":{"admin":true}}') as unknown
    expect(() => checkImportUser(user, 'users[0]')).toThrow("users[0] has '__proto__'")
  })
})
