import { createHash, randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import type { StoredToken, TokenStore } from './token-store.js'

/**
 * The one method the store needs from a Redis client: a raw command. A `redis` (node-redis)
 * client has it as is; for ioredis pass `{ sendCommand: (args) => redis.call(args[0], ...args.slice(1)) }`.
 * auth0plus never imports a Redis package itself.
 */
export interface RedisCommandClient {
  sendCommand(args: string[]): Promise<unknown>
}

/** Options of {@link RedisTokenStore}. */
export interface RedisTokenStoreOptions {
  /** A connected client, e.g. `await createClient({ url }).connect()` from the `redis` package. */
  client: RedisCommandClient
  /** Prefix of every key the store writes. Default `auth0plus:token:`. */
  prefix?: string
  /**
   * How long one process may hold the right to fetch a token before another takes over, in ms:
   * longer than a token request can take. Default 15 000.
   */
  lockMs?: number
  /** How often a waiting process looks for the token being fetched, in ms. Default 50. */
  pollMs?: number
  /**
   * A stored token closer than this to its expiry counts as absent, so its renewal is shared
   * too. Keep it at the client's renewal leeway (60 s by default). Default 60.
   */
  renewBeforeSeconds?: number
  /** The clock, in milliseconds like `Date.now`. */
  now?: () => number
}

// Deletes the lock only if this process still holds it: after an expiry, another may.
const RELEASE =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end"

/**
 * A {@link TokenStore} on Redis, shared by every process and host of a fleet, with one token
 * request for all of them (single flight): `get` of a missing or expiring token takes a lock
 * (`SET NX PX`) and returns `undefined` to the one process that got it, which fetches the token
 * and `set`s it; every other process waits and reads that token. A process that dies while
 * fetching loses the lock after `lockMs`. Keys are SHA-256 hashes (no tenant or client id in
 * Redis' key space), each token expires in Redis when it expires, and the store logs nothing.
 *
 * @example
 * import { createClient } from 'redis'
 * const client = await createClient({ url: process.env.REDIS_URL }).connect()
 * const auth0 = new Auth0(domain, { clientId, clientSecret, tokenStore: new RedisTokenStore({ client }) })
 */
export class RedisTokenStore implements TokenStore {
  readonly #client: RedisCommandClient
  readonly #prefix: string
  readonly #lockMs: number
  readonly #pollMs: number
  readonly #renewBefore: number
  readonly #now: () => number
  /** Locks this store holds: hashed key → the random value that proves it. */
  readonly #held = new Map<string, string>()

  constructor(options: RedisTokenStoreOptions) {
    this.#client = options.client
    this.#prefix = options.prefix ?? 'auth0plus:token:'
    this.#lockMs = options.lockMs ?? 15_000
    this.#pollMs = options.pollMs ?? 50
    this.#renewBefore = options.renewBeforeSeconds ?? 60
    this.#now = options.now ?? Date.now
  }

  /**
   * The stored token; or `undefined` when none is fresh and this caller is the one to fetch it;
   * or, while another process fetches, the token it fetched. After three lock lifetimes without
   * one, `undefined`: a caller is never held forever.
   */
  async get(key: string): Promise<StoredToken | undefined> {
    const id = this.#id(key)
    const giveUpAt = this.#now() + 3 * this.#lockMs
    for (;;) {
      const token = await this.#read(id)
      if (token && token.expires_at - this.#renewBefore > this.#now() / 1000) return token
      const proof = randomUUID()
      const locked = await this.#command([
        'SET',
        `${id}:lock`,
        proof,
        'NX',
        'PX',
        `${this.#lockMs}`,
      ])
      if (locked === 'OK') {
        this.#held.set(id, proof)
        return undefined
      }
      if (this.#now() >= giveUpAt) return token
      await delay(this.#pollMs)
    }
  }

  /** Stores the token until it expires (its JWT `exp` when earlier) and releases the lock. */
  async set(key: string, token: StoredToken): Promise<void> {
    const id = this.#id(key)
    const expiresAt = Math.min(token.expires_at, jwtExpiry(token.access_token) ?? Infinity)
    const ttlMs = Math.floor(expiresAt * 1000 - this.#now())
    if (ttlMs > 0) {
      const value = JSON.stringify({ access_token: token.access_token, expires_at: expiresAt })
      await this.#command(['SET', id, value, 'PX', `${ttlMs}`])
    }
    await this.#release(id)
  }

  async delete(key: string): Promise<void> {
    const id = this.#id(key)
    await this.#command(['DEL', id])
    await this.#release(id)
  }

  async #read(id: string): Promise<StoredToken | undefined> {
    const text = await this.#command(['GET', id])
    if (typeof text !== 'string') return undefined
    try {
      const value = JSON.parse(text) as Partial<StoredToken>
      const usable = typeof value.access_token === 'string' && typeof value.expires_at === 'number'
      return usable
        ? { access_token: value.access_token!, expires_at: value.expires_at! }
        : undefined
    } catch {
      return undefined // not ours, or damaged: fetch a new one
    }
  }

  async #release(id: string): Promise<void> {
    const proof = this.#held.get(id)
    if (proof === undefined) return
    this.#held.delete(id)
    await this.#command(['EVAL', RELEASE, '1', `${id}:lock`, proof])
  }

  #command(args: string[]): Promise<unknown> {
    return this.#client.sendCommand(args)
  }

  /** The Redis key of a token: a hash, so neither the tenant nor the client id shows in Redis. */
  #id(key: string): string {
    return `${this.#prefix}${createHash('sha256').update(key).digest('hex')}`
  }
}

/** The `exp` claim of a JWT access token, or `undefined` for an opaque token. */
function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1]
  if (payload === undefined) return undefined
  try {
    const exp = (
      JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }
    ).exp
    return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined
  } catch {
    return undefined
  }
}
