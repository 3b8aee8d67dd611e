import lucene from 'lucene'
import { describe, expect, it } from 'vitest'
import { isSingleClause } from '../../../src/query/single-clause.js'

describe('isSingleClause', () => {
  it.each([
    'email:"a@b.c"',
    'email:"a \\" b"',
    'name:jo*',
    'user_id:auth0\\|*',
    'name:jane\\ smith',
    '_exists_:user_metadata.plan',
    'logins_count:[10 TO *]',
    'last_login:{2017-11 TO 2017-12]',
    'created_at:[2024-01-01T00:00:00.000Z TO *]',
    'app_metadata.score:\\-5',
  ])('%s is one clause', (text) => {
    expect(isSingleClause(text)).toBe(true)
    // Cross-check with the parser: one node, no operator, no prefix.
    const ast = lucene.parse(text) as unknown as Record<string, unknown>
    expect(ast.operator).toBeUndefined()
    expect(ast.start).toBeUndefined()
    expect((ast.left as Record<string, unknown>).prefix ?? null).toBeNull()
  })

  it.each([
    'a:1 OR b:2',
    'a:1 AND b:2',
    'a:1 b:2',
    'a:1&&b:2',
    'a:1||b:2',
    'NOT a:1',
    '-a:1',
    'a:-1',
    'a:!1',
    '+a:1',
    'a:(1 OR 2)',
    '(a:1)',
    'a:1^2',
    'a:1~',
    'a:"x"~2',
    'a:/re/',
    'plain',
    'a:"x" OR b:"y"',
    'a:[1 TO 2] OR b:1',
    'a:b:c',
    'NOTE:x',
    '',
  ])('%s is not', (text) => {
    expect(isSingleClause(text)).toBe(false)
  })
})
