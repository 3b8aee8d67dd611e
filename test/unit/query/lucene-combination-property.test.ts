import assert from 'node:assert/strict'
import type { AST, Node } from 'lucene'
import { describe, expect, it } from 'vitest'
import { Q, type Lookup } from '../../../src/query/q.js'
import { RUNS } from './support/generators.js'
import { chain, isGroup, isTerm, parse, unescape } from './support/lucene-reading.js'
import { property, rng, type Rng } from './support/prng.js'

/** A Q alongside a model of what it should match, built by the same calls. */
interface Model {
  readonly q: Q
  readonly empty: boolean
  readonly holds: (env: Env) => boolean
}
type Env = (field: string, term: string) => boolean

function leaf(r: Rng, id: number): Model {
  const f = `app_metadata.k${id}`
  const key = `app_metadata__k${id}`
  const only = (q: Q, holds: (env: Env) => boolean): Model => ({ q, empty: false, holds })
  switch (r.int(7)) {
    case 0:
      return only(Q({ [key]: 'v' }), (env) => env(f, 'v'))
    case 1:
      return only(Q({ [`${key}__exists`]: false }), (env) => !env('_exists_', f))
    case 2:
      return only(
        Q({ [`${key}a`]: 'v', [`${key}b`]: 'v' }),
        (env) => env(`${f}a`, 'v') && env(`${f}b`, 'v'),
      )
    case 3:
      return only(Q({ [`${key}__in`]: ['x', 'y'] }), (env) => env(f, 'x') || env(f, 'y'))
    case 4:
      return only(
        Q.raw(`r${id}a:1 OR r${id}b:1`),
        (env) => env(`r${id}a`, '1') || env(`r${id}b`, '1'),
      )
    case 5:
      return only(Q.raw(`r${id}:1`), (env) => env(`r${id}`, '1'))
    default:
      return { q: Q({}), empty: true, holds: () => true }
  }
}

function tree(r: Rng, depth: number, ids: { next: number }): Model {
  if (depth === 0 || r.chance(0.25)) return leaf(r, ids.next++)
  const kind = r.int(5)
  const a = tree(r, depth - 1, ids)
  if (kind === 0) {
    if (a.empty) return a
    return { q: a.q.not(), empty: false, holds: (env) => !a.holds(env) }
  }
  const b = tree(r, depth - 1, ids)
  const op = kind % 2 === 0 ? 'and' : 'or'
  if (a.empty || b.empty)
    return { q: a.q[op](b.q), empty: a.empty && b.empty, holds: a.empty ? b.holds : a.holds }
  const holds =
    op === 'and'
      ? (env: Env) => a.holds(env) && b.holds(env)
      : (env: Env) => a.holds(env) || b.holds(env)
  return { q: a.q[op](b.q), empty: false, holds }
}

/**
 * Evaluate a parsed query the way Lucene reads it, asserting it needs no precedence: a chain is
 * all AND (NOT allowed, binding one operand) or all OR (no NOT, which Lucene would make required).
 */
function evaluate(node: AST | Node, env: Env, inherited?: string): boolean {
  if (isTerm(node))
    return env(node.field === '<implicit>' ? inherited! : node.field, unescape(node.term))
  if (!isGroup(node)) throw new Error('no ranges in these trees')
  const items = chain(node)
  const conjunctions = new Set(items.slice(1).map((i) => i.conjunction))
  assert.ok(conjunctions.size <= 1, 'a chain mixes AND and OR')
  const or = conjunctions.has('OR')
  if (or) assert.ok(!items.some((i) => i.not), 'NOT inside an OR chain')
  const values = items.map((i) => evaluate(i.node, env, node.field ?? inherited) !== i.not)
  return or ? values.some(Boolean) : values.every(Boolean)
}

describe('combined Qs', () => {
  it('parse to a tree that matches exactly what the and/or/not calls describe', () => {
    property(
      'combinations',
      RUNS,
      (r) => ({
        depth: 1 + r.int(4),
        treeSeed: r.int(2 ** 32),
        envSeeds: [r.int(2 ** 32), r.int(2 ** 32)],
      }),
      ({ depth, treeSeed, envSeeds }) => {
        const model = tree(rng(treeSeed), depth, { next: 0 })
        const q = String(model.q)
        if (model.empty) return assert.equal(q, '')
        const ast = parse(q)
        for (const envSeed of envSeeds) {
          const r = rng(envSeed)
          const seen = new Map<string, boolean>()
          const env: Env = (f, t) => {
            const k = `${f}=${t}`
            if (!seen.has(k)) seen.set(k, r.chance(0.5))
            return seen.get(k)!
          }
          assert.equal(evaluate(ast, env), model.holds(env), q)
        }
      },
    )
  })
})

describe('the property runner', () => {
  it('names the seed of a failing case', () => {
    expect(() =>
      property(
        'demo',
        1,
        () => 1,
        () => {
          throw new Error('boom')
        },
      ),
    ).toThrow(/property "demo" failed for seed \d+ \(replay: Q_SEED=\d+\); input 1: boom/)
  })

  it('keeps Lookup typing for generated lookups', () => {
    const lookup: Lookup = { email: 'a' }
    assert.equal(String(Q(lookup)), 'email:"a"')
  })
})
