import lucene from 'lucene'
import type { AST, LeftOnlyAST, Node, NodeRangedTerm, NodeTerm } from 'lucene'

/** One character of a term as Lucene reads it: its text and whether it was backslash-escaped. */
export interface TermChar {
  readonly ch: string
  readonly escaped: boolean
}

/** Split a raw term (escapes kept, as the `lucene` parser returns it) into code points. */
export function readTerm(raw: string): TermChar[] {
  const out: TermChar[] = []
  const points = [...raw]
  for (let i = 0; i < points.length; i++) {
    const escaped = points[i] === '\\' && i + 1 < points.length
    if (escaped) i++
    out.push({ ch: points[i]!, escaped })
  }
  return out
}

/** Drop every escape backslash, as Lucene's `discardEscapeChar` does. */
export function unescape(raw: string): string {
  return readTerm(raw)
    .map((c) => c.ch)
    .join('')
}

export function parse(q: string): AST {
  return lucene.parse(q)
}

export function isGroup(node: AST | Node): node is AST {
  return 'left' in node
}

export function isRange(node: AST | Node): node is NodeRangedTerm {
  return 'term_min' in node
}

export function isTerm(node: AST | Node): node is NodeTerm {
  return 'term' in node
}

/** The single node a one-clause query parses to; throws if the query is more than that. */
export function soleNode(q: string): AST | Node {
  const ast = parse(q)
  if ('operator' in ast || (ast as LeftOnlyAST).start !== undefined) {
    throw new Error(`expected one clause, got a sequence: ${q}`)
  }
  return ast.left
}

export interface ChainItem {
  readonly conjunction: 'AND' | 'OR'
  readonly not: boolean
  readonly node: AST | Node
}

/**
 * Walk the parser's right-nested spine (`a AND b OR c` → {a, AND, {b, OR, c}}) back into the flat
 * sequence Lucene reads, each operand with the conjunction before it and whether NOT applies to it
 * alone. Parenthesised and field-group nodes are single operands.
 */
export function chain(ast: AST): ChainItem[] {
  const items: ChainItem[] = []
  let node: AST = ast
  let conjunction: 'AND' | 'OR' = 'AND'
  let not = (ast as LeftOnlyAST).start === 'NOT'
  for (;;) {
    items.push({ conjunction, not, node: node.left })
    if (!('operator' in node)) return items
    const op = node.operator
    if (op !== 'AND' && op !== 'OR' && op !== 'AND NOT')
      throw new Error(`unexpected operator ${op}`)
    conjunction = op === 'OR' ? 'OR' : 'AND'
    not = op === 'AND NOT'
    const right = node.right
    if (
      isGroup(right) &&
      !right.parenthesized &&
      right.field === undefined &&
      (right as LeftOnlyAST).start === undefined
    ) {
      node = right
      continue
    }
    items.push({ conjunction, not, node: right })
    return items
  }
}
