import { createHash } from 'node:crypto'
import { ApiError } from './api-error.js'
import type { Clock } from './clock.js'
import { randomAlphanumeric } from './connections.js'
import type { ScopeRecord } from './resource-server-schema.js'
import { newObjectId } from './user-defaults.js'

/** A resource server (API) as GET /resource-servers/{id} answers it. */
export type ResourceServerRecord = Record<string, unknown> & {
  id: string
  identifier: string
  name?: string
  scopes?: ScopeRecord[]
  is_system?: boolean
}

/** Fields a create may set beside the defaults, in the order they are answered. */
const OPTIONAL_FIELDS = [
  'enforce_policies',
  'token_dialect',
  'consent_policy',
  'token_encryption',
  'authorization_details',
  'proof_of_possession',
] as const

export const resourceServerNotFound = () =>
  new ApiError(404, 'The resource server does not exist', 'inexistent_resource_server')

const systemRefused = () =>
  new ApiError(400, 'System resource servers cannot be modified.', 'operation_not_supported')

/** The Management API's id: fixed, so it is the same on every start (**[I]**). */
const SYSTEM_ID = createHash('sha256').update('auth0plus management api').digest('hex').slice(0, 24)

/**
 * The tenant's APIs. The Management API is listed first as a system API (`is_system: true`,
 * built on demand because its identifier names the port) and refuses writes; the others are
 * kept in creation order, found by id or by identifier (the audience).
 */
export class ResourceServerStore {
  readonly #byId = new Map<string, ResourceServerRecord>()
  readonly #idByIdentifier = new Map<string, string>()
  #listener: ((id: string, api: ResourceServerRecord | null) => void) | undefined

  constructor(
    private readonly now: Clock,
    /** The Management API's identifier and the scopes it knows. */
    private readonly management: () => { identifier: string; scopes: readonly string[] },
    /** Every spelling of the Management API audience (see README, "Audience"). */
    private readonly isManagementAudience: (identifier: string) => boolean,
  ) {}

  /** Called after each write with the new record, or null for a delete (the journal). */
  onChange(listener: (id: string, api: ResourceServerRecord | null) => void): void {
    this.#listener = listener
  }

  /** The Management API as a resource server. */
  system(): ResourceServerRecord {
    const { identifier, scopes } = this.management()
    return {
      id: SYSTEM_ID,
      name: 'Auth0 Management API',
      identifier,
      allow_offline_access: false,
      skip_consent_for_verifiable_first_party_clients: false,
      token_lifetime: 86_400,
      token_lifetime_for_web: 7200,
      signing_alg: 'RS256',
      scopes: scopes.map((value) => ({ value, description: describeScope(value) })),
      is_system: true,
    }
  }

  /** The system API first, then the others in creation order. */
  all(): ResourceServerRecord[] {
    return [this.system(), ...this.#byId.values()]
  }

  /** Custom APIs only (what the data file keeps). */
  custom(): ResourceServerRecord[] {
    return [...this.#byId.values()]
  }

  /** By id, else by identifier, as `/resource-servers/{id}` accepts both. */
  find(idOrIdentifier: string): ResourceServerRecord | undefined {
    if (idOrIdentifier === SYSTEM_ID) return this.system()
    return this.#byId.get(idOrIdentifier) ?? this.byIdentifier(idOrIdentifier)
  }

  /** By identifier (the audience) only. */
  byIdentifier(identifier: string): ResourceServerRecord | undefined {
    if (this.isManagementAudience(identifier)) return this.system()
    const id = this.#idByIdentifier.get(identifier)
    return id === undefined ? undefined : this.#byId.get(id)
  }

  /** Creates an API from a validated POST body; 409 when the identifier is taken. */
  create(input: Record<string, unknown>): ResourceServerRecord {
    const identifier = input.identifier as string
    if (this.byIdentifier(identifier) !== undefined) {
      throw new ApiError(409, 'A resource server with the same identifier already exists.')
    }
    const alg = (input.signing_alg as string | undefined) ?? 'RS256'
    const record: ResourceServerRecord = {
      id: newObjectId(this.now()),
      ...(input.name !== undefined && { name: input.name as string }),
      identifier,
      ...(input.scopes !== undefined && { scopes: copyScopes(input.scopes) }),
      allow_offline_access: input.allow_offline_access ?? false,
      skip_consent_for_verifiable_first_party_clients:
        input.skip_consent_for_verifiable_first_party_clients ?? false,
      subject_type_authorization: input.subject_type_authorization ?? {
        client: { policy: 'require_client_grant' },
        user: { policy: 'allow_all' },
      },
      token_lifetime: input.token_lifetime ?? 86_400,
      token_lifetime_for_web: input.token_lifetime_for_web ?? 7200,
      signing_alg: alg,
    }
    if (alg === 'HS256') record.signing_secret = input.signing_secret ?? randomAlphanumeric(32)
    for (const field of OPTIONAL_FIELDS) {
      if (input[field] !== undefined && input[field] !== null) record[field] = input[field]
    }
    this.insert(record)
    return record
  }

  /** Applies a validated PATCH body; `scopes` replaces the whole list, `null` unsets. */
  update(record: ResourceServerRecord, patch: Record<string, unknown>): ResourceServerRecord {
    if (record.is_system === true) throw systemRefused()
    const updated: ResourceServerRecord = { ...record }
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete updated[key]
      else updated[key] = key === 'scopes' ? copyScopes(value) : value
    }
    if (updated.signing_alg === 'HS256' && updated.signing_secret === undefined) {
      updated.signing_secret = randomAlphanumeric(32)
    }
    this.#byId.set(record.id, updated)
    this.#listener?.(record.id, updated)
    return updated
  }

  /** Removes an API; undefined when there was none. The system API refuses. */
  delete(idOrIdentifier: string): ResourceServerRecord | undefined {
    const record = this.find(idOrIdentifier)
    if (record === undefined) return undefined
    if (record.is_system === true) throw systemRefused()
    this.#byId.delete(record.id)
    this.#idByIdentifier.delete(record.identifier)
    this.#listener?.(record.id, null)
    return record
  }

  /** Adds a stored record (data file) or a new one. */
  insert(record: ResourceServerRecord): void {
    this.#byId.set(record.id, record)
    this.#idByIdentifier.set(record.identifier, record.id)
    this.#listener?.(record.id, record)
  }
}

function copyScopes(scopes: unknown): ScopeRecord[] {
  return (scopes as ScopeRecord[]).map(({ value, description }) =>
    description === undefined ? { value } : { value, description },
  )
}

/** `read:users` → `Read Users`, the style of the Management API's scope descriptions. */
function describeScope(value: string): string {
  return value
    .split(/[:_]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ')
}
