import cloneDeep from 'lodash/cloneDeep.js'
import { describe, expect, it } from 'vitest'
import { copyJson } from '../../../src/wire/copy-json.js'

describe('copyJson', () => {
  const answer = () =>
    JSON.parse(
      '{"user_id":"auth0|1","n":1.5,"ok":false,"none":null,"identities":[{"provider":"auth0","profileData":{"a":[1,[2]]}}],"app_metadata":{"plan":"gold"}}',
    ) as Record<string, unknown>

  it('copies a parsed answer deeply: equal to it, sharing no object with it', () => {
    const record = answer()
    const copy = copyJson(record)
    expect(copy).toEqual(cloneDeep(record))
    ;(record.identities as Record<string, unknown>[])[0]!.provider = 'changed'
    ;(record.app_metadata as Record<string, unknown>).plan = 'free'
    expect(copy).toEqual(answer())
  })

  it('keeps a __proto__ key an own property, never a prototype', () => {
    const record = JSON.parse('{"a":{"__proto__":{"polluted":true}}}') as { a: object }
    const copy = copyJson(record)
    expect(Object.getPrototypeOf(copy.a)).toBe(Object.prototype)
    expect(Object.keys(copy.a)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect((copy.a as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('returns scalars as they are', () => {
    expect([copyJson(null), copyJson(3), copyJson('x'), copyJson(true)]).toEqual([
      null,
      3,
      'x',
      true,
    ])
  })
})
