import { describe, expect, it } from 'vitest'
import { matching } from './users.fixture.js'

describe('compileQuery — fields, case and whole-value matching', () => {
  it.each([
    // email, name, given_name, family_name, nickname: case-insensitive
    ['email:jane.smith@example.com', ['jane']],
    ['email:JANE.SMITH@EXAMPLE.COM', ['jane']],
    ['email:bob@other.org', ['bob']],
    ['name:"jane smith"', ['jane']],
    ['name:"JANE SMITH"', ['jane']],
    ['given_name:JANE', ['jane']],
    ['family_name:smith', ['jane']],
    ['nickname:JANES', ['jane']],
    // every other field is case-sensitive
    ['user_id:"auth0|jane"', ['jane']],
    ['user_id:"AUTH0|jane"', []],
    ['username:jane_s', ['jane']],
    ['username:JANE_S', []],
    ['app_metadata.plan:gold', ['jane']],
    ['app_metadata.plan:Gold', ['bob']],
    ['user_metadata.nickname:JJ', ['jane']],
    ['user_metadata.nickname:jj', []],
    ['identities.connection:"username-password-authentication"', []],
    // no tokenization: a term matches the whole value only
    ['user_id:auth0', []],
    ['name:jane', []],
    ['name:"jane"', []],
    ['email:example.com', []],
  ])('%s → %j', (q, expected) => {
    expect(matching(q)).toEqual(expected)
  })
})

describe('compileQuery — dotted paths, arrays and typed values', () => {
  it.each([
    ['email.domain:example.com', ['jane', 'carol']],
    ['email.domain:"OTHER.ORG"', ['bob']],
    ['identities.connection:"google-oauth2"', ['bob']],
    ['identities.connection:"Username-Password-Authentication"', ['jane', 'bob', 'carol']],
    ['identities.provider:sms', ['dave']],
    ['identities.isSocial:true', ['bob']],
    ['identities.user_id:42', ['dave']],
    ['identities.user_id:"42"', ['dave']],
    ['identities.user_id:bob2', ['bob']],
    ['user_metadata.addresses.city:"Paris"', ['jane']],
    ['user_metadata.addresses.city:paris', ['bob']],
    ['user_metadata.addresses.city:Lyon', ['jane']],
    ['user_metadata.display.preferredLanguage:fr', ['jane']],
    ['app_metadata.roles:editor', ['jane']],
    ['app_metadata.tags:b', ['carol']],
    ['app_metadata.flags.beta:true', ['jane']],
    ['app_metadata.flags.beta:false', []],
    ['app_metadata.score:42', ['jane']],
    ['app_metadata.score:42.0', ['jane']],
    ['app_metadata.score:"7"', ['bob']],
    ['app_metadata.flags:true', []],
    ['email_verified:true', ['jane']],
    ['email_verified:false', ['bob']],
    ['blocked:true', ['carol']],
    ['logins_count:0', ['carol']],
    ['logins_count:120', ['bob']],
    ['logins_count:"5"', ['jane']],
    ['phone_number:"+33123456789"', ['carol']],
    ['phone_number:\\+15550001', ['dave']],
    // a date term covers the unit it names, like an inclusive range
    ['created_at:2017-12', ['bob']],
    ['created_at:2017', ['jane', 'bob']],
    ['last_login:2024-06-01', ['dave']],
    ['created_at:"2017-12-31T23:59:59.999Z"', ['bob']],
    ['created_at:"2017-12-31T23:59:59.998Z"', []],
  ])('%s → %j', (q, expected) => {
    expect(matching(q)).toEqual(expected)
  })
})

describe('compileQuery — _exists_ and field:*', () => {
  it.each([
    ['_exists_:email_verified', ['jane', 'bob']],
    ['NOT _exists_:email_verified', ['carol', 'dave']],
    ['_exists_:last_login', ['jane', 'bob', 'dave']],
    ['_exists_:user_metadata.display.preferredLanguage', ['jane']],
    ['_exists_:user_metadata.display', ['jane']],
    ['_exists_:user_metadata.addresses.zip', ['jane']],
    // empty arrays, empty objects and null are not indexed
    ['_exists_:user_metadata.empty_list', []],
    ['_exists_:user_metadata.empty_obj', []],
    ['_exists_:user_metadata.nothing', []],
    ['_exists_:user_metadata', ['jane', 'bob']],
    ['_exists_:app_metadata.flags.beta', ['jane']],
    ['_exists_:email.domain', ['jane', 'bob', 'carol']],
    ['_exists_:identities.isSocial', ['jane', 'bob', 'dave']],
    ['_exists_:"blocked"', ['carol']],
    ['last_login:*', ['jane', 'bob', 'dave']],
    ['email:*', ['jane', 'bob', 'carol']],
  ])('%s → %j', (q, expected) => {
    expect(matching(q)).toEqual(expected)
  })
})

describe('compileQuery — terms without a field', () => {
  it.each([
    ['jane_s', ['jane']], // username
    ['JANE.SMITH@EXAMPLE.COM', ['jane']], // email, case-insensitive
    ['janes', ['jane']], // nickname
    ['"auth0|carol"', ['carol']], // user_id
    ['"+15550001"', ['dave']], // name and phone_number
    ['carol*', ['carol']],
    ['"Carol Usa"', ['carol']],
    // never metadata, identities or typed fields
    ['gold', []],
    ['paris', []],
    ['JJ', []],
    ['true', []],
    ['5', []],
  ])('%s → %j', (q, expected) => {
    expect(matching(q)).toEqual(expected)
  })
})
