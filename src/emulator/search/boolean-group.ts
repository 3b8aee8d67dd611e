import { ALL, andPlan, orPlan, type Plan } from './query-plan.js'
import type { UserTest } from './term-clause.js'

/** How a clause takes part in its group, after Lucene's `+` / `-` prefixes. */
export type Occur = 'should' | 'must' | 'must_not'

/** One operand of a flattened sequence such as `a AND NOT b c -d`. */
export interface GroupItem {
  /** `AND` binds it to the previous item; `OR` (explicit or implicit) starts a new clause. */
  readonly conjunction: 'AND' | 'OR'
  readonly test: UserTest
  /** The candidates `test` can match (see query-plan.ts); ALL when negated. */
  readonly plan: Plan
  readonly occur: Occur
}

/** A compiled query or sub-query: the predicate, and the plan that narrows whom it is run on. */
export interface Compiled {
  readonly test: UserTest
  readonly plan: Plan
  /**
   * The plan's candidates are exactly the matches — the query is one indexed clause whose index
   * compares what its predicate compares (a `created_at` range, an exact or trailing-`*` text
   * term) — so the predicate need not be run on them. The differential test holds this to the scan.
   */
  readonly exact?: boolean
}

/**
 * Combines a sequence into one test. AND binds tighter than OR (and the implicit operator, which is
 * OR as in Lucene's and Elasticsearch's default). The OR-separated clauses then combine like a
 * Lucene BooleanQuery: every `+` clause must match, no `-` clause may match, and when there is no
 * `+` clause at least one plain clause must match — so a purely negative query means
 * "everyone except". Inside an AND chain `-x` is simply NOT x.
 *
 * @example
 * ```ts
 * // a AND b OR c  →  (a && b) || c ;   a -b  →  a && !b ;   -b  →  !b
 * ```
 */
export function combineGroup(items: readonly GroupItem[]): Compiled {
  const clauses: { occur: Occur; tests: UserTest[]; plans: Plan[] }[] = []
  for (const item of items) {
    const last = clauses[clauses.length - 1]
    if (item.conjunction === 'AND' && last !== undefined) {
      if (last.tests.length === 1) {
        last.tests[0] = applyOccurInChain(last.tests[0]!, last.occur)
        if (last.occur === 'must_not') last.plans[0] = ALL
        last.occur = 'should'
      }
      last.tests.push(applyOccurInChain(item.test, item.occur))
      last.plans.push(item.occur === 'must_not' ? ALL : item.plan)
    } else {
      clauses.push({ occur: item.occur, tests: [item.test], plans: [item.plan] })
    }
  }
  const must: Compiled[] = []
  const mustNot: Compiled[] = []
  const should: Compiled[] = []
  for (const clause of clauses) {
    const compiled = { test: allOf(clause.tests), plan: andPlan(clause.plans) }
    if (clause.occur === 'must') must.push(compiled)
    else if (clause.occur === 'must_not') mustNot.push(compiled)
    else should.push(compiled)
  }
  // The plan keeps what must hold: every `+` clause, else one of the plain ones; `-` narrows nothing.
  const wanted = anyOf(should.map((c) => c.test))
  const wantedPlan = orPlan(should.map((c) => c.plan))
  if (must.length === 0 && mustNot.length === 0) return { test: wanted, plan: wantedPlan }
  const required = allOf(must.map((c) => c.test))
  const excluded = anyOf(mustNot.map((c) => c.test))
  const optionalCounts = must.length === 0 && should.length > 0
  const plan =
    must.length > 0 ? andPlan(must.map((c) => c.plan)) : optionalCounts ? wantedPlan : ALL
  return {
    test: (user) => required(user) && !excluded(user) && (!optionalCounts || wanted(user)),
    plan,
  }
}

function applyOccurInChain(test: UserTest, occur: Occur): UserTest {
  return occur === 'must_not' ? negate(test) : test
}

/** Boolean NOT. */
export function negate(test: UserTest): UserTest {
  return (user) => !test(user)
}

function allOf(tests: readonly UserTest[]): UserTest {
  if (tests.length === 1) return tests[0]!
  if (tests.length === 0) return () => true
  return (user) => {
    for (const test of tests) if (!test(user)) return false
    return true
  }
}

function anyOf(tests: readonly UserTest[]): UserTest {
  if (tests.length === 1) return tests[0]!
  if (tests.length === 0) return () => false
  return (user) => {
    for (const test of tests) if (test(user)) return true
    return false
  }
}
