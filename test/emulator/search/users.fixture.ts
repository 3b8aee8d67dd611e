import { compileQuery, type UserRecord } from '../../../src/emulator/search/index.js'

/** Four users covering every value shape the search engine must index. */
export const USERS: readonly UserRecord[] = [
  {
    user_id: 'auth0|jane',
    email: 'jane.smith@example.com',
    name: 'Jane Smith',
    given_name: 'Jane',
    family_name: 'Smith',
    nickname: 'janes',
    username: 'jane_s',
    email_verified: true,
    logins_count: 5,
    created_at: '2017-11-15T08:00:00.000Z',
    last_login: '2017-12-01T00:00:00.000Z',
    identities: [
      {
        connection: 'Username-Password-Authentication',
        provider: 'auth0',
        user_id: 'jane',
        isSocial: false,
      },
    ],
    app_metadata: {
      plan: 'gold',
      roles: ['admin', 'editor'],
      score: 42,
      since: '2020-05-01T00:00:00.000Z',
      flags: { beta: true },
    },
    user_metadata: {
      addresses: [{ city: 'Paris', zip: '75001' }, { city: 'Lyon' }],
      display: { preferredLanguage: 'fr' },
      nickname: 'JJ',
      empty_list: [],
      empty_obj: {},
      nothing: null,
    },
  },
  {
    user_id: 'google-oauth2|bob',
    email: 'Bob@Other.org',
    name: 'Bob Stone',
    given_name: 'Bob',
    email_verified: false,
    logins_count: 120,
    created_at: '2017-12-31T23:59:59.999Z',
    last_login: '2017-11-30T23:59:59.999Z',
    identities: [
      {
        connection: 'google-oauth2',
        provider: 'google-oauth2',
        user_id: '1234567',
        isSocial: true,
      },
      {
        connection: 'Username-Password-Authentication',
        provider: 'auth0',
        user_id: 'bob2',
        isSocial: false,
      },
    ],
    app_metadata: { plan: 'Gold', score: 7 },
    user_metadata: { addresses: [{ city: 'paris' }] },
  },
  {
    user_id: 'auth0|carol',
    email: 'carol@example.com',
    name: 'Carol Usa',
    nickname: 'carol',
    logins_count: 0,
    created_at: '2018-01-01T00:00:00.000Z',
    blocked: true,
    phone_number: '+33123456789',
    identities: [
      { connection: 'Username-Password-Authentication', provider: 'auth0', user_id: 'carol' },
    ],
    app_metadata: { plan: 'free', tags: ['a', 'b'] },
    user_metadata: {},
  },
  {
    user_id: 'sms|dave',
    name: '+15550001',
    phone_number: '+15550001',
    logins_count: 1,
    created_at: '2024-01-01T00:00:00.000Z',
    last_login: '2024-06-01T12:00:00Z',
    identities: [{ connection: 'sms', provider: 'sms', user_id: 42, isSocial: false }],
  },
]

/** Short names of the users matching `q`, in fixture order. */
export function matching(q: string, users: readonly UserRecord[] = USERS): string[] {
  const test = compileQuery(q)
  return users.filter(test).map((user) => String(user['user_id']).split('|')[1] ?? '')
}
