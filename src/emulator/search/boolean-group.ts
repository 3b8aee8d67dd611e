import type { UserTest } from './term-clause.js'

/** How a clause takes part in its group, after Lucene's `+` / `-` prefixes. */
export type Occur = 'should' | 'must' | 'must_not'

/** One operand of a flattened sequence such as `a AND NOT b c -d`. */
export interface GroupItem {
  /** `AND` binds it to the previous item; `OR` (explicit or implicit) starts a new clause. */
  readonly conjunction: 'AND' | 'OR'
  readonly test: UserTest
  readonly occur: Occur
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
export function combineGroup(items: readonly GroupItem[]): UserTest {
  const clauses: { occur: Occur; tests: UserTest[] }[] = []
  for (const item of items) {
    const last = clauses[clauses.length - 1]
    if (item.conjunction === 'AND' && last !== undefined) {
      if (last.tests.length === 1) {
        last.tests[0] = applyOccurInChain(last.tests[0]!, last.occur)
        last.occur = 'should'
      }
      last.tests.push(applyOccurInChain(item.test, item.occur))
    } else {
      clauses.push({ occur: item.occur, tests: [item.test] })
    }
  }
  const must: UserTest[] = []
  const mustNot: UserTest[] = []
  const should: UserTest[] = []
  for (const clause of clauses) {
    const test = allOf(clause.tests)
    if (clause.occur === 'must') must.push(test)
    else if (clause.occur === 'must_not') mustNot.push(test)
    else should.push(test)
  }
  if (must.length === 0 && mustNot.length === 0) return anyOf(should)
  const required = allOf(must)
  const excluded = anyOf(mustNot)
  const optionalCounts = must.length === 0 && should.length > 0
  const wanted = anyOf(should)
  return (user) => required(user) && !excluded(user) && (!optionalCounts || wanted(user))
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
