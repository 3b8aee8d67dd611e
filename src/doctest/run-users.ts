import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { Auth0, DoesNotExist, Q } from '../index.js'

/** Where the docs' users live: the tenant the run points at. */
export interface RunUsersOptions {
  /** DOMAIN, CLIENT_ID, CLIENT_SECRET of the tenant the docs write to. */
  env: Record<string, string | undefined>
  /** The domain every address ends in, after a label unique to the file. Default `acdc.test`. */
  baseDomain?: string
  /** How long `indexed()` waits for search to catch up before it throws. Default 30 000 ms. */
  indexTimeoutMs?: number
  /** Pause between two looks at the search index. Default 250 ms. */
  pollMs?: number
}

/** The helpers every doc sees as plain identifiers (see `src/doctest/README.md`). */
export interface DocGlobals {
  /**
   * `email('angus')` → `'angus@k3x9q.acdc.test'`: an address on a domain unique to this run and
   * this file. Addresses without `*` are remembered, so the run can delete their users; with a
   * `*` it is a wildcard for lookups: `email('*')` matches every address of the file.
   */
  email(local: string): string
  /**
   * Waits until the tenant's search index reflects every write this file made to its users, as
   * `GET /users/{id}` and `/users-by-email` (immediately consistent) see them. Search lags writes
   * by a moment on a real tenant.
   */
  indexed(): Promise<void>
}

/** What `cleanUp` did. */
export interface CleanUpReport {
  /** `email (user_id)` of each user deleted. */
  deleted: string[]
  /** Users that could not be deleted, or lookups that failed, with why. */
  failed: string[]
}

type Snapshot = Map<string, string>

/**
 * The users a doctest run creates: hands out e-mail addresses unique to the run, waits for
 * search to catch up with them, and deletes every user that has one when the run ends.
 *
 * Users are found again by their addresses through `GET /users-by-email`, which is immediately
 * consistent, so a user created a moment before an interruption is still found; a search of
 * each file's domain then catches any user whose address was not handed out by `email()`.
 *
 * @example
 * const users = new RunUsers({ env: process.env })
 * const globals = users.globalsFor('README.md') // { email, indexed }
 * // ... run the docs ...
 * await users.cleanUp() // { deleted: ['angus@k3x9q.acdc.test (auth0|...)'], failed: [] }
 */
export class RunUsers {
  readonly #options: Required<Omit<RunUsersOptions, 'env'>>
  readonly #env: Record<string, string | undefined>
  /** file → its domain */
  readonly #domains = new Map<string, string>()
  /** domain → the addresses handed out on it */
  readonly #addresses = new Map<string, Set<string>>()
  #auth0: Auth0 | undefined

  constructor(options: RunUsersOptions) {
    this.#env = options.env
    this.#options = {
      baseDomain: options.baseDomain ?? 'acdc.test',
      indexTimeoutMs: options.indexTimeoutMs ?? 30_000,
      pollMs: options.pollMs ?? 250,
    }
  }

  /** Every domain handed out so far, one per file. */
  get domains(): string[] {
    return [...this.#domains.values()]
  }

  /** The `email` and `indexed` helpers of one file. */
  globalsFor(file: string): DocGlobals {
    const domain = this.#domainOf(file)
    return {
      email: (local: string) => {
        if (typeof local !== 'string' || local === '' || local.includes('@')) {
          throw new TypeError(`email() takes the part before the @, got ${JSON.stringify(local)}`)
        }
        const address = `${local}@${domain}`
        if (!local.includes('*')) this.#addresses.get(domain)!.add(address.toLowerCase())
        return address
      },
      indexed: () => this.#indexed(domain),
    }
  }

  /** Deletes every user of the run: by each address handed out, then by a search of each domain. */
  async cleanUp(): Promise<CleanUpReport> {
    const report: CleanUpReport = { deleted: [], failed: [] }
    const found = new Map<string, string>()
    for (const domain of this.domains) {
      for (const address of this.#addresses.get(domain) ?? []) {
        try {
          const user = await this.#byEmail(address)
          if (user) found.set(user.user_id, user.email)
        } catch (error) {
          report.failed.push(`${address}: ${String(error)}`)
        }
      }
      try {
        const users = await this.#search(domain).only('email').toArray()
        for (const user of users) found.set(user.user_id!, user.email ?? '')
      } catch (error) {
        report.failed.push(`search of ${domain}: ${String(error)}`)
      }
    }
    for (const [id, address] of found) {
      try {
        await this.#client().users.delete(id)
        report.deleted.push(`${address} (${id})`)
      } catch (error) {
        report.failed.push(`${address} (${id}): ${String(error)}`)
      }
    }
    return report
  }

  #domainOf(file: string): string {
    let domain = this.#domains.get(file)
    if (domain === undefined) {
      domain = `${randomLabel()}.${this.#options.baseDomain}`
      this.#domains.set(file, domain)
      this.#addresses.set(domain, new Set())
    }
    return domain
  }

  async #indexed(domain: string): Promise<void> {
    const deadline = Date.now() + this.#options.indexTimeoutMs
    for (;;) {
      const [stored, searched] = await Promise.all([this.#stored(domain), this.#searched(domain)])
      if (sameSnapshot(stored, searched)) return
      if (Date.now() >= deadline) {
        throw new Error(
          `indexed(): search still differs from the stored users of ${domain} after ${this.#options.indexTimeoutMs} ms`,
        )
      }
      await sleep(this.#options.pollMs)
    }
  }

  /** user_id → updated_at of the users holding this domain's addresses, as stored. */
  async #stored(domain: string): Promise<Snapshot> {
    const snapshot: Snapshot = new Map()
    const addresses = [...(this.#addresses.get(domain) ?? [])]
    const users = await Promise.all(addresses.map((address) => this.#byEmail(address)))
    for (const user of users) if (user) snapshot.set(user.user_id, user.updated_at)
    return snapshot
  }

  /** user_id → updated_at of the users search finds on this domain. */
  async #searched(domain: string): Promise<Snapshot> {
    const users = await this.#search(domain).only('updated_at').toArray()
    return new Map(users.map((user) => [user.user_id!, String(user.updated_at)]))
  }

  async #byEmail(
    address: string,
  ): Promise<{ user_id: string; email: string; updated_at: string } | undefined> {
    try {
      const user = await this.#client().users.get({ email: address })
      return {
        user_id: user.user_id!,
        email: user.email ?? address,
        updated_at: String(user.updated_at),
      }
    } catch (error) {
      if (error instanceof DoesNotExist) return undefined
      throw error
    }
  }

  #search(domain: string) {
    return this.#client().users.query(Q({ email__domain: domain }), { connection: null })
  }

  /** Every connection: the docs may create users outside the default one. */
  #client(): Auth0 {
    const { DOMAIN, CLIENT_ID, CLIENT_SECRET } = this.#env
    this.#auth0 ??= new Auth0(DOMAIN ?? '', { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })
    return this.#auth0
  }
}

/** Five lower-case letters and digits, a letter first: `k3x9q`. No lucene special to escape. */
function randomLabel(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  const chars = `${letters}0123456789`
  return [...randomBytes(5)]
    .map((byte, index) => (index === 0 ? letters[byte % 26] : chars[byte % 36]))
    .join('')
}

function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  return a.size === b.size && [...a].every(([id, updatedAt]) => b.get(id) === updatedAt)
}
