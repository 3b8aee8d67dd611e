import { InvalidLookup } from '../errors.js'
import { compileLookup, type Lookup } from './lookup.js'
import { combine, isEmptyNode, negate, raw, render, type QNode } from './q-node.js'
import { checkRawLucene } from './raw-lucene.js'

export type { Lookup } from './lookup.js'
export type { LookupScalar, LookupValue, RangeBound } from './lookup-value.js'

/**
 * An immutable lucene query for Auth0's user search. Build one with {@link Q} or `Q.raw`;
 * `and`, `or` and `not` return new Qs. `String(q)` is the `q` parameter.
 *
 * @example
 * const q: Q = Q({ email__in: ['a@x.com', 'b@x.com'] }).and({ logins_count__gte: 5 })
 * String(q) // → email:("a@x.com" OR "b@x.com") AND logins_count:[5 TO *]
 */
export interface Q {
  /**
   * Both this and `other`.
   *
   * @example
   * Q({ name: 'jo*' }).and({ blocked: false }) // → name:jo* AND blocked:false
   */
  and(other: Q | Lookup): Q
  /**
   * Either this or `other`.
   *
   * @example
   * Q({ name: 'jo*' }).and({ blocked: false }).or({ email: 'a@b.c' })
   * // → (name:jo* AND blocked:false) OR email:"a@b.c"
   */
  or(other: Q | Lookup): Q
  /**
   * The negation; negating twice gives the original back. The empty Q cannot be negated.
   *
   * @example
   * Q({ email: 'a@b.c', blocked: true }).not() // → NOT (email:"a@b.c" AND blocked:true)
   */
  not(): Q
  /** True for `Q({})` and `Q.raw('')`: no filter; it renders as `''` and vanishes in `and`/`or`. */
  readonly isEmpty: boolean
  /** The lucene string. */
  toString(): string
  /** The lucene string, so `JSON.stringify` and loggers show the query. */
  toJSON(): string
}

class QExpr implements Q {
  readonly #node: QNode

  constructor(node: QNode) {
    this.#node = node
    Object.freeze(this)
  }

  static node(q: Q | Lookup): QNode {
    return q instanceof QExpr ? q.#node : compileLookup(q as Lookup)
  }

  and(other: Q | Lookup): Q {
    return new QExpr(combine('and', this.#node, QExpr.node(other)))
  }

  or(other: Q | Lookup): Q {
    return new QExpr(combine('or', this.#node, QExpr.node(other)))
  }

  not(): Q {
    if (isEmptyNode(this.#node)) {
      throw new InvalidLookup(
        'Cannot negate an empty Q: it matches every user, so its negation would match none',
      )
    }
    return new QExpr(negate(this.#node))
  }

  get isEmpty(): boolean {
    return isEmptyNode(this.#node)
  }

  toString(): string {
    return render(this.#node)
  }

  toJSON(): string {
    return this.toString()
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Q<${this.toString()}>`
  }
}

/** The `Q` function's own shape: call it, or use `Q.raw`; `x instanceof Q` works too. */
export interface QFactory {
  /**
   * A Q from a lookup object (or the same Q back). Validates every key and value now, so an
   * unsearchable lookup throws {@link InvalidLookup} before any request.
   *
   * @example
   * Q({ user_metadata__plan: 'gold', name: 'jo*' }) // → user_metadata.plan:"gold" AND name:jo*
   */
  (lookup: Lookup | Q): Q
  /**
   * Verbatim lucene: the escape hatch for anything lookups cannot say. Not validated or
   * escaped; parenthesised whenever it is combined. Blank text is the empty Q.
   *
   * @example
   * Q.raw('name:"jane smith"~2').and({ blocked: false }) // → (name:"jane smith"~2) AND blocked:false
   */
  raw(lucene: string): Q
  [Symbol.hasInstance](value: unknown): value is Q
}

/**
 * Whether a value is a {@link Q} (as opposed to a lookup object).
 *
 * @example
 * isQ(Q({ email: 'a@b.c' })) // → true
 * isQ({ email: 'a@b.c' }) // → false
 */
export function isQ(value: unknown): value is Q {
  return value instanceof QExpr
}

/**
 * A Q from either a lookup object or a Q (returned as is).
 *
 * @example
 * String(toQ({ email_verified: false })) // → email_verified:false
 */
export function toQ(lookupOrQ: Lookup | Q): Q {
  return isQ(lookupOrQ) ? lookupOrQ : new QExpr(compileLookup(lookupOrQ as Lookup))
}

function rawQ(lucene: string): Q {
  if (typeof lucene !== 'string') {
    throw new InvalidLookup(`Q.raw takes a lucene string, not ${typeof lucene}`)
  }
  checkRawLucene(lucene)
  return new QExpr(raw(lucene))
}

/**
 * Build a {@link Q}: from a lookup, `Q({ email: 'a@b.c' })` → `email:"a@b.c"`, or from lucene
 * text, `Q.raw('...')`. Callable without `new`; also the type of a Q.
 *
 * @example
 * const q: Q = Q({ name: 'jo*' }).or(Q({ email__exists: false }))
 * String(q) // → name:jo* OR (NOT _exists_:email)
 */
export const Q: QFactory = Object.freeze(
  Object.defineProperties(
    // A named function expression, so stack traces and `Q.name` say `Q`.
    function Q(lookup: Lookup | Q): Q {
      return toQ(lookup)
    },
    {
      raw: { value: rawQ, enumerable: true },
      // Function.prototype's own Symbol.hasInstance is read-only, so it is defined, not assigned.
      [Symbol.hasInstance]: { value: isQ },
    },
  ) as QFactory,
)
