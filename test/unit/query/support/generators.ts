/** Generators and checks shared by the lucene property tests. */
import assert from 'node:assert/strict'
import type { AST, Node } from 'lucene'
import { InvalidLookup } from '../../../../src/errors.js'
import type { LookupScalar } from '../../../../src/query/q.js'
import { isTerm, readTerm, unescape } from './lucene-reading.js'
import type { Rng } from './prng.js'

// Every Lucene special, every whitespace the parsers know, operator words, quotes and
// backslashes, and unicode that is astral, combining, invisible or changes length when cased.
export const PIECES = [
  ...'abcxyzABZ0189_.@,;%#$`=',
  ...'+-&|!(){}[]^"~*?:\\/',
  '&&',
  '||',
  "'",
  '<',
  '>',
  ' ',
  '\t',
  '\n',
  '\r',
  '\f',
  '\v',
  '\0',
  '\u3000',
  '\u00a0',
  '\u2028',
  'AND',
  'OR',
  'NOT',
  'TO',
  ' AND ',
  ' OR ',
  'NOT ',
  'é',
  'e\u0301',
  '\u0301',
  '😀',
  '𝔘𝔫',
  '中文',
  '\u200b',
  'ß',
  'İ',
  '\u{10FFFF}',
  'ﬁ',
  '\\"',
  '\\\\',
]
export const LETTERS = [...'abcdefghijklmnopqrstuvwxyzéß中']
export const LITERAL_PIECES = PIECES.filter((p) => !p.includes('*') && !p.includes('?'))
const TERM_SPECIALS = new Set([...'+-&|!(){}[]^"~*?:\\/ '])

export function text(r: Rng, pieces: readonly string[], max: number): string {
  let out = ''
  for (let n = r.int(max + 1); n > 0; n--) out += r.chance(0.5) ? r.pick(LETTERS) : r.pick(pieces)
  return out
}

export interface Field {
  readonly key: string
  readonly field: string
  readonly root: string
}

const ROOTS = ['email', 'name', 'nickname', 'given_name', 'family_name', 'user_id', 'username']
const RESERVED = new Set([
  'in',
  'gt',
  'gte',
  'lt',
  'lte',
  'range',
  'exists',
  'exact',
  'ne',
  'regex',
])

function segment(r: Rng): string {
  let s = ''
  for (let n = 1 + r.int(6); n > 0; n--) s += r.pick([...LETTERS, '0', '9', '-', 'É', '\u0301'])
  if (r.chance(0.2)) s = `${s}_${s}`
  return RESERVED.has(s) ? `${s}x` : s
}

export function field(r: Rng): Field {
  const kind = r.int(5)
  if (kind === 0) {
    const root = r.pick(ROOTS)
    return { key: root, field: root, root }
  }
  if (kind === 1)
    return { key: r.pick(['email.domain', 'email__domain']), field: 'email.domain', root: 'email' }
  const root = r.pick(['user_metadata', 'app_metadata', 'identities'])
  const path = [root, segment(r), ...(r.chance(0.3) ? [segment(r)] : [])]
  const key = path.map((s, i) => (i === 0 ? s : (r.chance(0.5) ? '.' : '__') + s)).join('')
  return { key, field: path.join('.'), root }
}

const METADATA = new Set(['user_metadata', 'app_metadata'])

/** Why the builder must refuse `value` as a wildcard on `root`, as a message pattern, or undefined. */
export function wildcardRefusal(value: string, root: string): RegExp | undefined {
  if (!value.includes('*')) return undefined
  if (METADATA.has(root)) return /not allow wildcards/
  if (/^\*+$/.test(value)) return /__exists: true/
  if (value.includes('?')) return /no "\?" wildcard/
  const run = value.replace(/^\*+/, '').split('*')[0]!
  if (value.startsWith('*') && [...run].length < 3) return /at least 3 literal/
  if (/[\t\n\r\f\u3000]/.test(value)) return /tabs, line breaks/
  if (/^[<>]/.test(value)) return /cannot start with/
  return undefined
}

// node:assert, not expect, in the hot paths: vitest's expect costs more than parsing the query.
export function expectRefusal(build: () => unknown, message: RegExp): void {
  assert.throws(build, (error) => error instanceof InvalidLookup && message.test(error.message))
}

/** A term as Lucene reads it equals `value`; specials are escaped; `*` is a wildcard iff `wildcard`. */
export function expectTermReads(raw: string, value: string, wildcard: boolean): void {
  const chars = readTerm(raw)
  assert.equal(chars.map((c) => c.ch).join(''), value)
  for (const { ch, escaped } of chars) {
    if (ch === '*')
      assert.equal(
        escaped,
        !wildcard,
        `${raw}: a * that should be ${wildcard ? 'bare' : 'escaped'}`,
      )
    else if (TERM_SPECIALS.has(ch)) assert.ok(escaped, `${raw}: ${ch} is not escaped`)
  }
}

export function expectLeaf(node: AST | Node, fieldName: string, value: LookupScalar): void {
  if (!isTerm(node)) throw new Error('expected a term')
  assert.equal(node.field, fieldName)
  if (typeof value === 'string' && node.quoted) assert.equal(unescape(node.term), value)
  else if (typeof value === 'string') expectTermReads(node.term, value, true)
  else if (value instanceof Date)
    assert.deepEqual([node.quoted, node.term], [true, value.toISOString()])
  else expectTermReads(node.term, String(value), false)
}

export function number(r: Rng): number {
  switch (r.int(5)) {
    case 0:
      return r.int(2_000_001) - 1_000_000
    case 1:
      return (r.next() * 2 - 1) * 10 ** (r.int(40) - 12)
    case 2:
      return r.pick([
        0,
        -0,
        Number.MAX_VALUE,
        Number.MIN_VALUE,
        -Number.MAX_SAFE_INTEGER,
        1e21,
        -1e-7,
      ])
    default:
      return r.int(1000)
  }
}

export function date(r: Rng): Date {
  if (r.chance(0.1)) return new Date((r.next() * 2 - 1) * 8.64e15)
  return new Date(Date.UTC(1970, 0, 1) + r.int(130 * 365) * 86_400_000 + r.int(86_400_000))
}

export function scalar(r: Rng): LookupScalar {
  const k = r.int(10)
  if (k < 5) return text(r, PIECES, 8)
  if (k < 7) return number(r)
  if (k < 8) return r.chance(0.5)
  return date(r)
}

// ~13k cases in about a second; Q_RUNS=20000 for a deeper local run.
export const RUNS = Number(process.env.Q_RUNS ?? 1500)
