import assert from 'node:assert/strict'
import { describe, it } from 'vitest'
import { Q } from '../../../src/query/q.js'
import {
  LITERAL_PIECES,
  PIECES,
  RUNS,
  date,
  expectLeaf,
  expectRefusal,
  expectTermReads,
  field,
  number,
  scalar,
  text,
  wildcardRefusal,
} from './support/generators.js'
import {
  chain,
  isGroup,
  isRange,
  isTerm,
  parse,
  soleNode,
  unescape,
} from './support/lucene-reading.js'
import { property, type Rng } from './support/prng.js'

describe('every string the builder emits parses back to the same fields and values', () => {
  it('equality on strings: quoted, or a wildcard term when it has *', () => {
    property(
      'string equality',
      RUNS * 2,
      (r) => {
        const f = field(r)
        const value = r.chance(0.5)
          ? text(r, PIECES, 10)
          : [...Array(1 + r.int(4))].map(() => text(r, LITERAL_PIECES, 4)).join('*')
        return { ...f, value }
      },
      ({ key, field: name, root, value }) => {
        const refusal = wildcardRefusal(value, root)
        if (refusal) return expectRefusal(() => Q({ [key]: value }), refusal)
        const node = soleNode(String(Q({ [key]: value })))
        if (!isTerm(node)) throw new Error('expected a term')
        assert.equal(node.field, name)
        assert.equal(node.quoted, !value.includes('*'))
        if (node.quoted) assert.equal(unescape(node.term), value)
        else expectTermReads(node.term, value, true)
      },
    )
  })

  it('__exact: always a quoted phrase, * and ? literal', () => {
    property(
      'exact',
      RUNS,
      (r) => ({ ...field(r), value: text(r, PIECES, 12) }),
      ({ key, field: name, value }) => {
        const node = soleNode(String(Q({ [`${key}__exact`]: value })))
        if (!isTerm(node)) throw new Error('expected a term')
        assert.deepEqual([node.field, node.quoted, unescape(node.term)], [name, true, value])
      },
    )
  })

  it('numbers, booleans and Dates', () => {
    property(
      'scalars',
      RUNS,
      (r) => ({ ...field(r), value: r.pick([number(r), r.chance(0.5), date(r)]) }),
      ({ key, field: name, value }) =>
        expectLeaf(soleNode(String(Q({ [key]: value }))), name, value),
    )
  })

  it('__in: a field group of the values, in order', () => {
    property(
      '__in',
      RUNS,
      (r) => {
        const values = [...Array(1 + r.int(5))].map(() => scalar(r))
        if (r.chance(0.1)) values.push(`NOT${text(r, LITERAL_PIECES, 3)}x*`)
        return { ...field(r), values }
      },
      ({ key, field: name, root, values }) => {
        const lookup = { [`${key}__in`]: values }
        const refusal = values
          .map((v) => (typeof v === 'string' ? wildcardRefusal(v, root) : undefined))
          .find(Boolean)
        if (refusal) return expectRefusal(() => Q(lookup), refusal)
        const q = String(Q(lookup))
        if (values.length === 1) return expectLeaf(soleNode(q), name, values[0]!)
        const prefixed = values.some(
          (v) => typeof v === 'string' && v.startsWith('NOT') && v.includes('*'),
        )
        const node = prefixed ? parse(q) : soleNode(q)
        if (!isGroup(node)) throw new Error('expected a field group')
        if (!prefixed) assert.deepEqual([node.field, node.parenthesized], [name, true])
        const items = chain(node)
        assert.deepEqual(
          items.map((i) => [i.conjunction, i.not]).slice(1),
          values.slice(1).map(() => ['OR', false]),
        )
        items.forEach((item, i) =>
          expectLeaf(item.node, prefixed ? name : '<implicit>', values[i]!),
        )
      },
    )
  })

  it('__gt, __gte, __lt, __lte: the bound survives, the open end is *', () => {
    const shapes = {
      gt: ['left', 'right'],
      gte: ['left', 'both'],
      lt: ['right', 'left'],
      lte: ['right', 'both'],
    }
    property(
      'single-bound ranges',
      RUNS * 2,
      (r) => {
        const bound = r.pick([number(r), date(r), text(r, PIECES, 8), r.pick(['*', 'TO', ''])])
        return { ...field(r), suffix: r.pick(['gt', 'gte', 'lt', 'lte'] as const), bound }
      },
      ({ key, field: name, root, suffix, bound }) => {
        const build = () => Q({ [`${key}__${suffix}`]: bound })
        if (root === 'user_metadata') return expectRefusal(build, /ranges on user_metadata/)
        const text = bound instanceof Date ? bound.toISOString() : String(bound)
        if (typeof bound === 'string' && (bound === '' || bound === 'TO')) {
          return expectRefusal(build, /cannot be a range bound/)
        }
        if (typeof bound === 'string' && /[\s\]}]/.test(bound))
          return expectRefusal(build, /whitespace/)
        const node = soleNode(String(build()))
        if (!isRange(node)) throw new Error('expected a range')
        const [side, inclusive] = shapes[suffix]
        const [value, open] =
          side === 'left' ? [node.term_min, node.term_max] : [node.term_max, node.term_min]
        assert.deepEqual(
          [node.field, node.inclusive, open, unescape(value)],
          [name, inclusive, '*', text],
        )
        assert.notEqual(value, '*')
      },
    )
  })

  it('__range: both bounds survive, inclusive', () => {
    const bound = (r: Rng) => r.pick([number(r), date(r), text(r, LITERAL_PIECES, 6)])
    property(
      '__range',
      RUNS,
      (r) => ({ ...field(r), from: bound(r), to: bound(r) }),
      ({ key, field: name, root, from, to }) => {
        const build = () => Q({ [`${key}__range`]: [from, to] })
        const bad = [from, to].find(
          (b) => typeof b === 'string' && (b === '' || b === 'TO' || /[\s\]}]/.test(b)),
        )
        const order = (b: unknown) => (b instanceof Date ? b.getTime() : b)
        const [a, b] = [order(from), order(to)]
        if (root === 'user_metadata') return expectRefusal(build, /ranges on user_metadata/)
        if (bad !== undefined) return expectRefusal(build, /range bound/)
        if (typeof a === 'number' && typeof b === 'number' && a > b)
          return expectRefusal(build, /range is empty/)
        const node = soleNode(String(build()))
        if (!isRange(node)) throw new Error('expected a range')
        const show = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v))
        assert.deepEqual(
          [node.field, node.inclusive, unescape(node.term_min), unescape(node.term_max)],
          [name, 'both', show(from), show(to)],
        )
      },
    )
  })

  it('__exists: _exists_ with the field as its term, NOT for false', () => {
    property(
      '__exists',
      RUNS / 5,
      (r) => ({ ...field(r), exists: r.chance(0.5) }),
      ({ key, field: name, exists }) => {
        const [item, ...rest] = chain(parse(String(Q({ [`${key}__exists`]: exists }))))
        assert.deepEqual(rest, [])
        if (!isTerm(item!.node)) throw new Error('expected a term')
        assert.deepEqual(
          [item!.not, item!.node.field, unescape(item!.node.term)],
          [!exists, '_exists_', name],
        )
      },
    )
  })
})
