import { describe, expect, it } from 'vitest'
import { projectFields } from '../../../src/emulator/search/index.js'

const user = {
  user_id: 'auth0|1',
  email: 'a@b.c',
  name: 'A',
  identities: [
    { connection: 'db', provider: 'auth0', user_id: '1' },
    { connection: 'google-oauth2', provider: 'google-oauth2', user_id: '2' },
  ],
  user_metadata: { display: { lang: 'fr', theme: 'dark' }, plan: 'gold' },
  app_metadata: { roles: ['admin'] },
}
const snapshot = structuredClone(user)

describe('projectFields', () => {
  it.each([
    [['user_id', 'email'], true, { user_id: 'auth0|1', email: 'a@b.c' }],
    // nothing is added implicitly, not even user_id
    [['email'], true, { email: 'a@b.c' }],
    [[' email ', ''], true, { email: 'a@b.c' }],
    [['nope'], true, {}],
    [
      ['identities', 'user_metadata', 'app_metadata'],
      false,
      { user_id: 'auth0|1', email: 'a@b.c', name: 'A' },
    ],
    [['user_metadata.display.lang'], true, { user_metadata: { display: { lang: 'fr' } } }],
    [
      ['user_metadata.display.lang', 'user_metadata.plan'],
      true,
      { user_metadata: { display: { lang: 'fr' }, plan: 'gold' } },
    ],
    [
      ['identities.connection', 'identities.user_id'],
      true,
      {
        identities: [
          { connection: 'db', user_id: '1' },
          { connection: 'google-oauth2', user_id: '2' },
        ],
      },
    ],
    [
      [
        'user_metadata.display',
        'identities.provider',
        'identities.user_id',
        'email',
        'name',
        'user_id',
        'app_metadata.roles',
      ],
      false,
      {
        user_metadata: { plan: 'gold' },
        identities: [{ connection: 'db' }, { connection: 'google-oauth2' }],
        app_metadata: {},
      },
    ],
  ] as const)('%j include=%s', (fields, include, expected) => {
    expect(projectFields(user, [...fields], include)).toEqual(expected)
    expect(user).toEqual(snapshot)
  })

  it.each([undefined, [] as string[], ['']])('returns every field for %j, as a copy', (fields) => {
    for (const include of [true, false]) {
      const projected = projectFields(user, fields, include)
      expect(projected).toEqual(user)
      expect(projected).not.toBe(user)
    }
  })

  it('never shares the objects it trims with the input', () => {
    const projected = projectFields(user, ['user_metadata.plan'], false)
    ;(projected['user_metadata'] as Record<string, unknown>)['x'] = 1
    expect(user).toEqual(snapshot)
  })
})
