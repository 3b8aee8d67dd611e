import { describe, expect, it } from 'vitest'
import { SearchQueryError } from '../../../src/emulator/search/index.js'
import { matching } from './users.fixture.js'

describe('compileQuery — * wildcards', () => {
  it.each([
    ['name:jane*', ['jane']],
    ['name:JANE*', ['jane']],
    ['name:j*', ['jane']],
    ['name:*smith', ['jane']],
    ['name:*SMITH*', ['jane']],
    ['name:*ston*', ['bob']],
    ['name:jane*smith', ['jane']],
    ['name:j*e*h', ['jane']],
    ['name:*usa', ['carol']],
    ['email:*@example.com', ['jane', 'carol']],
    ['user_id:auth0*', ['jane', 'carol']],
    ['user_id:AUTH0*', []], // user_id stays case-sensitive under a wildcard
    ['user_id:auth0\\|*', ['jane', 'carol']],
    ['identities.connection:google*', ['bob']], // identity sub-fields are not metadata
    ['identities.user_id:4*', ['dave']], // a number is matched by its decimal text
    ['name:"jane*"', []], // a star inside quotes is literal
    ['name:jane\\*', []], // so is an escaped one
    ['name:*', ['jane', 'bob', 'carol', 'dave']], // field:* = has a value
    ['name:jane**', ['jane']],
  ])('%s → %j', (q, expected) => {
    expect(matching(q)).toEqual(expected)
  })

  it.each([
    ['name:*sa', 'a leading wildcard needs at least 3 characters after it (in name:*sa).'],
    ['name:*s*a', 'a leading wildcard needs at least 3 characters after it (in name:*s*a).'],
    ['name:**', 'a leading wildcard needs at least 3 characters after it (in name:**).'],
    ['*ab', 'a leading wildcard needs at least 3 characters after it (in *ab).'],
    ['name:jo?n', 'the "?" wildcard is not supported, use "*" (in name:jo?n).'],
    ['name:?', 'the "?" wildcard is not supported, use "*" (in name:?).'],
    [
      'user_metadata.nickname:J*',
      'wildcards are not allowed on user_metadata or app_metadata fields (in user_metadata.nickname:J*).',
    ],
    [
      'app_metadata.plan:gol*',
      'wildcards are not allowed on user_metadata or app_metadata fields (in app_metadata.plan:gol*).',
    ],
    [
      'app_metadata.plan:*',
      'wildcards are not allowed on user_metadata or app_metadata fields (in app_metadata.plan:*).',
    ],
    [
      'logins_count:1*',
      'wildcards are only allowed on text fields, not on number field logins_count (in logins_count:1*).',
    ],
    [
      'created_at:2017*',
      'wildcards are only allowed on text fields, not on date field created_at (in created_at:2017*).',
    ],
    [
      'email_verified:t*',
      'wildcards are only allowed on text fields, not on boolean field email_verified (in email_verified:t*).',
    ],
  ])('refuses %s', (q, detail) => {
    expect(() => matching(q)).toThrow(SearchQueryError)
    expect(() => matching(q)).toThrow(`The search query string has an error: ${detail}`)
  })

  it.each([
    ['name:jo\\?n', []],
    ['name:"jo?n"', []],
    ['name:*usa*', ['carol']],
    ['app_metadata.plan:"gol*"', []], // quoted: no wildcard, so allowed on metadata
  ])('accepts %s → %j', (q, expected) => {
    expect(matching(q)).toEqual(expected)
  })
})
