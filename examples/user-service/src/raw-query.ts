import lucene from 'lucene'
import { HttpError } from './http-error.js'

/** Longer is a mistake or abuse; the parser is recursive, so depth costs stack. */
export const MAX_Q_LENGTH = 1024

type Tree = lucene.AST | lucene.Node

/**
 * The caller's raw `q`, made safe to AND with the connection scope: it must parse as lucene
 * (the `lucene` package), must not hold a regular expression (`/…/`: its grammar differs
 * between parsers, and a `)` inside one is exactly what could close our group), and is wrapped
 * in parentheses. The wrapped text is parsed again and must be one parenthesised group, so no
 * escape (`a\`), quote or bracket can reach outside it: `identities.connection:"db"` then
 * applies to the whole query, whatever the library does with it.
 *
 * @example
 * scopedRawQuery('user_metadata.team:"red" OR name:jo*') // → '(user_metadata.team:"red" OR name:jo*)'
 * scopedRawQuery('user_id:none) OR email:x@y.z OR (user_id:none') // throws HttpError 400
 */
export function scopedRawQuery(q: string): string {
  if (q.length > MAX_Q_LENGTH) {
    throw new HttpError(400, `'q' is longer than ${MAX_Q_LENGTH} characters.`)
  }
  const tree = parse(q)
  if (tree === undefined || !hasTerm(tree)) {
    throw new HttpError(400, "'q' is not a lucene query this service accepts.")
  }
  if (hasRegex(tree)) {
    throw new HttpError(400, "'q' may not hold regular expressions (/…/); use wildcards.")
  }
  const wrapped = `(${q})`
  const again = parse(wrapped)
  if (again === undefined || !isOneGroup(again)) {
    throw new HttpError(400, "'q' is not a lucene query this service accepts.")
  }
  return wrapped
}

/** The tree, or undefined for what does not parse (the parser's message quotes the input). */
function parse(text: string): lucene.AST | undefined {
  try {
    return lucene.parse(text)
  } catch {
    // A syntax error, or a stack overflow on absurd nesting: either way, not accepted.
    return undefined
  }
}

/** `(…)` alone: a left side that is a parenthesised group, and no operator, right side or NOT. */
function isOneGroup(tree: lucene.AST): boolean {
  const parts = Object.entries(tree).filter(([, value]) => value != null)
  return (
    parts.length === 1 &&
    parts[0]![0] === 'left' &&
    (tree.left as lucene.AST).parenthesized === true
  )
}

function children(tree: Tree): Tree[] {
  const nodes: Tree[] = []
  if ('left' in tree && tree.left) nodes.push(tree.left)
  if ('right' in tree && tree.right) nodes.push(tree.right)
  return nodes
}

function hasRegex(tree: Tree): boolean {
  if ('regex' in tree && tree.regex === true) return true
  return children(tree).some(hasRegex)
}

/** An empty group `()` parses to nothing; there must be at least one term or range. */
function hasTerm(tree: Tree): boolean {
  if ('term' in tree || 'term_min' in tree) return true
  return children(tree).some(hasTerm)
}
