import lucene from 'lucene'
import type { AST, LeftOnlyAST, Node, NodeRangedTerm, NodeTerm } from 'lucene'
import { combineGroup, negate, type Compiled, type GroupItem, type Occur } from './boolean-group.js'
import { DEFAULT_FIELDS, resolveField } from './field-catalog.js'
import { assertOperatorsPlaced } from './operator-placement.js'
import { ALL, orPlan, rangePlan, termPlan, type Plan } from './query-plan.js'
import { escapeQuotedRangeBounds } from './quoted-range-bounds.js'
import { rangeClause } from './range-clause.js'
import { queryError } from './search-query-error.js'
import { termClause, type UserTest } from './term-clause.js'
import { parseTermText, unescapeTerm } from './term-text.js'
import { fieldExists } from './value-walk.js'

/**
 * Parses an Auth0 search v3 `q` once and returns a predicate to run over every user.
 * Whitespace-only `q` matches everyone. Anything Auth0 refuses throws {@link SearchQueryError}.
 *
 * @example
 * ```ts
 * const matches = compileQuery('email.domain:"example.com" AND NOT app_metadata.plan:"free"')
 * users.filter(matches)
 * ```
 */
export function compileQuery(q: string): UserTest {
  return compileSearch(q).test
}

/**
 * {@link compileQuery} plus the query's plan: which indexes can narrow the users the predicate
 * must be run on (see query-plan.ts). The predicate alone decides what matches.
 */
export function compileSearch(q: string): Compiled {
  if (q.trim() === '') return { test: () => true, plan: ALL }
  assertOperatorsPlaced(q)
  let ast: AST
  try {
    ast = lucene.parse(escapeQuotedRangeBounds(q))
  } catch (error) {
    const at = (error as { location?: { start?: { column?: number } } }).location?.start?.column
    const where = at === undefined ? '' : ` at column ${at}`
    throw queryError(`syntax error${where}: ${(error as Error).message}`, error)
  }
  // Defensive: a node without an operand is how the parser reports a lone operator.
  if (!('left' in ast)) throw queryError('syntax error: the query has no clause.')
  const compiled = compileSequence(ast, undefined)
  return { ...compiled, exact: isExact(ast, compiled.plan) }
}

/**
 * One clause, no operator or prefix, planned on an index that answers it exactly; or `created_at`
 * clauses joined by AND alone, whose intersection is one exact range.
 */
function isExact(ast: AST, plan: Plan): boolean {
  if (plan.kind === 'created' && 'operator' in ast) return createdConjunction(ast)
  if ('operator' in ast || startOf(ast) !== undefined || isGroup(ast.left)) return false
  const node = ast.left
  if (node.field !== undefined && /^[+\-!]/.test(node.field)) return false
  if (plan.kind === 'created') return true
  if (plan.kind !== 'text' || 'term_min' in node || node.prefix) return false
  const { parts } = parseTermText(node.term, node.quoted)
  return parts.length === 1 || (parts.length === 2 && parts[1] === '')
}

/** `created_at:[…] AND created_at:[…] …`: indexed created_at ranges, every operator AND. */
function createdConjunction(ast: AST): boolean {
  let node: AST = ast
  if (startOf(node) !== undefined) return false
  for (;;) {
    if (!indexedCreatedRange(node.left)) return false
    if (!('operator' in node)) return true
    if (node.operator !== 'AND') return false
    const right = node.right
    if (!isGroup(right)) return indexedCreatedRange(right)
    if (right.parenthesized || right.field !== undefined || startOf(right) !== undefined) {
      return false
    }
    node = right
  }
}

/** A plain `created_at:[a TO b}` range whose plan is a created_at slice. */
function indexedCreatedRange(node: AST | Node): boolean {
  if (isGroup(node) || node.field !== 'created_at' || !('term_min' in node)) return false
  const spec = resolveField('created_at')
  return rangePlan(spec, node.term_min, node.term_max, node.inclusive).kind === 'created'
}

/**
 * The parser nests a flat sequence `a AND b c` to the right ({left: a, AND, right: {left: b, …}});
 * walk that spine back into a list so precedence is ours to apply. Parenthesised or field-prefixed
 * nodes are real groups and become single operands.
 */
function compileSequence(ast: AST, inherited: string | undefined): Compiled {
  const items: GroupItem[] = []
  let node: AST = ast
  let conjunction: 'AND' | 'OR' = 'OR'
  let not = startOf(ast) === 'NOT'
  for (;;) {
    items.push(operandItem(node.left, conjunction, not, inherited))
    if (!('operator' in node)) break
    ;({ conjunction, not } = readOperator(node.operator))
    const right = node.right
    if (
      isGroup(right) &&
      !right.parenthesized &&
      right.field === undefined &&
      startOf(right) === undefined
    ) {
      node = right
      continue
    }
    items.push(operandItem(right, conjunction, not, inherited))
    break
  }
  return combineGroup(items)
}

/** `a NOT b` means `a AND NOT b` (Lucene's reading); `&&`/`||` are AND/OR. */
function readOperator(operator: string): { conjunction: 'AND' | 'OR'; not: boolean } {
  switch (operator) {
    case 'AND':
    case '&&':
      return { conjunction: 'AND', not: false }
    case 'NOT':
    case 'AND NOT':
      return { conjunction: 'AND', not: true }
    case 'OR NOT':
      return { conjunction: 'OR', not: true }
    default:
      return { conjunction: 'OR', not: false }
  }
}

function operandItem(
  operand: AST | Node,
  conjunction: 'AND' | 'OR',
  not: boolean,
  inherited: string | undefined,
): GroupItem {
  const { test, plan, occur } = compileOperand(operand, inherited)
  return not
    ? { conjunction, occur, test: negate(test), plan: ALL }
    : { conjunction, occur, test, plan }
}

function compileOperand(
  operand: AST | Node,
  inherited: string | undefined,
): Compiled & { occur: Occur } {
  // The parser leaves a `+`/`-`/`!` written before `field:` inside the field name.
  const { prefix, field } = splitPrefix(operand.field, inherited)
  if (isGroup(operand)) return { ...compileSequence(operand, field), occur: occurOf(prefix) }
  if ('term_min' in operand) return { ...compileRange(operand, field), occur: occurOf(prefix) }
  return { ...compileTerm(operand, field), occur: occurOf(operand.prefix ?? prefix) }
}

function splitPrefix(raw: string | undefined, inherited: string | undefined) {
  if (raw === undefined || raw === '<implicit>') return { prefix: undefined, field: inherited }
  const prefix = /^[+\-!]/.test(raw) ? raw[0] : undefined
  return { prefix, field: unescapeTerm(prefix === undefined ? raw : raw.slice(1)) }
}

function occurOf(prefix: string | null | undefined): Occur {
  if (prefix === '+') return 'must'
  return prefix === '-' || prefix === '!' ? 'must_not' : 'should'
}

function compileRange(node: NodeRangedTerm, field: string | undefined): Compiled {
  const open = node.inclusive === 'both' || node.inclusive === 'left' ? '[' : '{'
  const close = node.inclusive === 'both' || node.inclusive === 'right' ? ']' : '}'
  const shown = `${field ?? ''}:${open}${node.term_min} TO ${node.term_max}${close}`
  if (field === undefined || field === '_exists_' || field === '_missing_' || field === '*') {
    throw queryError(`a range query needs a field name (in ${shown}).`)
  }
  const spec = resolveField(field)
  return {
    test: rangeClause(spec, node.term_min, node.term_max, node.inclusive, shown),
    plan: rangePlan(spec, node.term_min, node.term_max, node.inclusive),
  }
}

function compileTerm(node: NodeTerm, field: string | undefined): Compiled {
  const value = node.quoted ? `"${node.term}"` : node.term
  const shown = field === undefined ? value : `${field}:${value}`
  if (node.regex)
    throw queryError(`regular expressions are not supported (in ${field ?? ''}:/${node.term}/).`)
  if (node.similarity !== null && node.similarity !== undefined) {
    throw queryError(`fuzzy queries (~) are not supported (in ${shown}~).`)
  }
  const proximity = (node as { proximity?: number | null }).proximity
  if (proximity !== null && proximity !== undefined) {
    throw queryError(`proximity queries (~) are not supported (in ${shown}~${proximity}).`)
  }
  // A boost (^n) only changes scoring; Auth0 results are not scored, so it is ignored.
  if (field === '_missing_')
    throw queryError(`_missing_ is not supported, use NOT _exists_:field (in ${shown}).`)
  if (field === '_exists_') {
    if (parseTermText(node.term, node.quoted).parts.length > 1) {
      throw queryError(`_exists_ needs a field name without wildcards (in ${shown}).`)
    }
    const target = resolveField(unescapeTerm(node.term))
    return { test: (user) => fieldExists(user, target), plan: ALL }
  }
  if (field !== undefined && field !== '*') {
    const spec = resolveField(field)
    return {
      test: termClause(spec, node.term, node.quoted, shown),
      plan: termPlan(spec, node.term, node.quoted),
    }
  }
  if (node.term === '*' && !node.quoted) return { test: () => true, plan: ALL }
  const specs = DEFAULT_FIELDS.map((name) => resolveField(name))
  const tests = specs.map((spec) => termClause(spec, node.term, node.quoted, shown))
  return {
    test: (user) => tests.some((test) => test(user)),
    plan: orPlan(specs.map((spec) => termPlan(spec, node.term, node.quoted))),
  }
}

/** Only a sequence's first node carries a leading NOT; the typings put it on LeftOnlyAST alone. */
function startOf(node: AST): string | undefined {
  return (node as LeftOnlyAST).start
}

function isGroup(node: AST | Node): node is AST {
  return 'left' in node
}
