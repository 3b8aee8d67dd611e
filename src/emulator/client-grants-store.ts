import { ApiError } from './api-error.js'
import { newGrantId } from './rbac-ids.js'

/** A client grant's fields before it has an id. */
export type ClientGrantFields = Record<string, unknown> & {
  client_id: string
  audience: string
  scope: string[]
  subject_type?: 'client' | 'user'
}

/** A client grant as GET /client-grants answers it: only the fields that are set. */
export type ClientGrantRecord = Record<string, unknown> & {
  id: string
  client_id: string
  audience: string
  scope: string[]
  subject_type?: 'client' | 'user'
  is_system?: boolean
}

export const grantNotFound = () =>
  new ApiError(404, 'The grant does not exist.', 'inexistent_client_grant')

const readOnly = () =>
  new ApiError(
    400,
    'Grants to the Management API follow the emulator clients option and cannot be changed.',
    'operation_not_supported',
  )

/**
 * Client grants: which application may get tokens for which API, with which scopes. Grants to
 * the Management API mirror the `clients` option (read-only here, **[I]**); grants to the
 * tenant's own APIs are created, patched and deleted through `/client-grants`. At most one
 * grant per (client, audience, subject type), as Auth0 documents.
 */
export class ClientGrantStore {
  readonly #byId = new Map<string, ClientGrantRecord>()
  /** Creation order, for checkpoint cursors that survive deletes. */
  readonly #position = new Map<string, number>()
  #next = 0
  #listener: ((id: string, grant: ClientGrantRecord | null) => void) | undefined

  constructor(private readonly managementGrants: () => ClientGrantRecord[]) {}

  /** Called after each write with the new record, or null for a delete (the journal). */
  onChange(listener: (id: string, grant: ClientGrantRecord | null) => void): void {
    this.#listener = listener
  }

  /**
   * Management API grants first (in client order, the order of their cursors `a<place>`), then
   * the others in creation order: a checkpoint walk sees each grant once.
   */
  all(): ClientGrantRecord[] {
    return [...this.managementGrants(), ...this.#byId.values()]
  }

  /** Stored (non-system) grants, for the data file. */
  custom(): ClientGrantRecord[] {
    return [...this.#byId.values()]
  }

  get(id: string): ClientGrantRecord | undefined {
    return this.#byId.get(id) ?? this.managementGrants().find((grant) => grant.id === id)
  }

  /** The grant of `clientId` for `audience` (subject type `client` when unset). */
  find(
    clientId: string,
    audience: (grantAudience: string) => boolean,
    subjectType: 'client' | 'user' = 'client',
  ): ClientGrantRecord | undefined {
    return this.all().find(
      (grant) =>
        grant.client_id === clientId &&
        audience(grant.audience) &&
        (grant.subject_type ?? 'client') === subjectType,
    )
  }

  /** Cursor position of a grant: system ones first, then creation order. */
  positionOf(grant: ClientGrantRecord): string {
    // Cursors must sort as the list does: Management API grants by their place, then the rest.
    const position = this.#position.get(grant.id)
    if (position !== undefined) return `b${String(position).padStart(12, '0')}`
    const place = this.managementGrants().findIndex((g) => g.id === grant.id)
    return `a${String(place).padStart(12, '0')}`
  }

  create(fields: ClientGrantFields, sameAudience: (a: string) => boolean): ClientGrantRecord {
    const subject = (fields.subject_type as 'client' | 'user' | undefined) ?? 'client'
    if (this.find(fields.client_id, sameAudience, subject) !== undefined) {
      throw new ApiError(
        409,
        `A client grant already exists between ${fields.client_id} and ${fields.audience}`,
      )
    }
    const grant = { id: newGrantId(), ...fields } as ClientGrantRecord
    this.insert(grant)
    return grant
  }

  update(grant: ClientGrantRecord, patch: Record<string, unknown>): ClientGrantRecord {
    if (!this.#byId.has(grant.id)) throw readOnly()
    const updated: ClientGrantRecord = { ...grant }
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete updated[key]
      else updated[key] = value
    }
    this.#byId.set(grant.id, updated)
    this.#listener?.(grant.id, updated)
    return updated
  }

  /** True when a stored grant was removed. Management API grants cannot be deleted here. */
  delete(id: string): boolean {
    if (!this.#byId.has(id) && this.get(id) !== undefined) throw readOnly()
    this.#position.delete(id)
    if (!this.#byId.delete(id)) return false
    this.#listener?.(id, null)
    return true
  }

  /** Drops every grant for an API that was deleted (**[I]** cascade). */
  deleteForAudience(audience: string): void {
    for (const grant of [...this.#byId.values()]) {
      if (grant.audience === audience) this.delete(grant.id)
    }
  }

  /** Adds a stored grant (data file) or a new one. */
  insert(grant: ClientGrantRecord): void {
    this.#byId.set(grant.id, grant)
    this.#position.set(grant.id, this.#next++)
    this.#listener?.(grant.id, grant)
  }
}
