import { isSingleClause } from './single-clause.js'

/**
 * The expression tree behind a `Q`. Nodes are frozen plain objects; `and`/`or` chains are kept
 * flat, so rendering only has to decide where parentheses are needed.
 */
export type QNode =
  /** A self-contained clause: `email:"a@b.c"`, `name:(jo* OR "x")`, `_exists_:email`. */
  | { readonly kind: 'clause'; readonly text: string }
  /** Caller-written lucene; its structure is unknown, so it is always parenthesised as an operand. */
  | { readonly kind: 'raw'; readonly text: string }
  | { readonly kind: 'not'; readonly operand: QNode }
  /** `and` with no operands is the empty Q: no filter at all. */
  | { readonly kind: 'and' | 'or'; readonly operands: readonly QNode[] }

/** The empty Q: matches every user, renders as `''`, and vanishes when combined. */
export const EMPTY: QNode = Object.freeze({ kind: 'and', operands: Object.freeze([]) })

/** Whether a node is the empty Q. */
export function isEmptyNode(node: QNode): boolean {
  return node.kind === 'and' && node.operands.length === 0
}

/**
 * A clause node.
 *
 * @example
 * clause('email:"a@b.c"')
 */
export function clause(text: string): QNode {
  return Object.freeze({ kind: 'clause', text })
}

/**
 * A raw-lucene node; blank text is the empty Q, and one plain clause is kept as a clause so it
 * is not parenthesised needlessly.
 *
 * @example
 * raw('logins_count:[10 TO *]') // a clause
 * raw('a:1 OR b:2') // raw: always parenthesised as an operand
 */
export function raw(text: string): QNode {
  const trimmed = text.trim()
  if (trimmed === '') return EMPTY
  if (isSingleClause(trimmed)) return clause(trimmed)
  return Object.freeze({ kind: 'raw', text })
}

/**
 * `a AND b` or `a OR b`, flattened. The empty Q is the identity for both, as in Django, so a
 * loop can start from `Q({})` and `or` terms onto it.
 *
 * @example
 * combine('or', combine('or', a, b), c) // → a OR b OR c
 */
export function combine(kind: 'and' | 'or', a: QNode, b: QNode): QNode {
  if (isEmptyNode(a)) return b
  if (isEmptyNode(b)) return a
  const flat = (node: QNode) => (node.kind === kind ? node.operands : [node])
  return Object.freeze({ kind, operands: Object.freeze([...flat(a), ...flat(b)]) })
}

/**
 * `NOT a`; a double negation cancels out. The empty Q cannot be negated (callers check).
 *
 * @example
 * negate(negate(a)) === a
 */
export function negate(node: QNode): QNode {
  return node.kind === 'not' ? node.operand : Object.freeze({ kind: 'not', operand: node })
}

/**
 * Render a tree as a lucene string with as few parentheses as are safe.
 *
 * Lucene's classic parser (and Elasticsearch's query_string, which Auth0 uses) has no operator
 * precedence: `a AND b OR c` means `+a +b c`. So a chain never mixes operators unparenthesised.
 * `a OR NOT b` means `a AND NOT b` there, so a negation inside an `OR` is parenthesised too;
 * `a AND NOT b` means what it says and is left alone.
 *
 * @example
 * render(tree) // → email:"a@b.c" AND NOT blocked:true AND (name:jo* OR (NOT _exists_:name))
 */
export function render(node: QNode): string {
  switch (node.kind) {
    case 'clause':
    case 'raw':
      return node.text
    case 'not':
      return `NOT ${operand(node.operand, 'not')}`
    case 'and':
    case 'or':
      return node.operands
        .map((child) => operand(child, node.kind))
        .join(node.kind === 'and' ? ' AND ' : ' OR ')
  }
}

function operand(child: QNode, parent: 'and' | 'or' | 'not'): string {
  const text = render(child)
  const bare = child.kind === 'clause' || (child.kind === 'not' && parent === 'and')
  return bare ? text : `(${text})`
}
