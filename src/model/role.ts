import type { HttpClient } from '../http/http-client.js'
import { RecordModel } from './record-model.js'
import { RolePermissions } from './role-permissions.js'
import { RoleUsers } from './role-users.js'
import { RolesManager } from './roles-manager.js'

/** A role's attributes, Auth0's wire names. */
export interface RoleFields {
  id?: string
  name?: string
  description?: string
}

// Interface merging types the attributes without class fields (which would become own
// `undefined` properties and look set).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Role extends RoleFields {}

/**
 * An Auth0 role, Django's `Group`. Get a bound class from `auth0.roles`; `save()` POSTs a new
 * role or PATCHes what changed.
 *
 * @example
 * const [editor] = await auth0.roles.getOrCreate({ name: 'editor', defaults: { description: 'Edits reports' } })
 * editor.description = 'Edits every report'
 * await editor.save() // PATCH /roles/rol_… {"description":"Edits every report"}
 * String(editor)      // '<Role editor>'
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Role extends RecordModel {
  static readonly modelName = 'Role'
  declare static readonly objects: RolesManager | undefined

  /** This tenant's roles as a model class: `auth0.roles`. */
  static bindTo(http: HttpClient): new (fields?: RoleFields) => Role {
    const Bound = class extends this {}
    const objects = new RolesManager(Bound as new () => Role, http)
    Object.defineProperties(Bound, { name: { value: 'Role' }, objects: { value: objects } })
    return Bound
  }

  constructor(fields: RoleFields = {}) {
    super(fields as Record<string, unknown>)
  }

  /** The role's permissions: `all()`, `add()`, `remove()`, `set()` (an unsaved role refuses). */
  get permissions(): RolePermissions {
    return new RolePermissions(this.#objects.api, () => this.requireId('use the permissions of'))
  }

  /** The role's users: `all()` (checkpoint paging) and `add()` in the largest batches. */
  get users(): RoleUsers {
    return new RoleUsers(this.#objects.api, () => this.requireId('use the users of'))
  }

  get #objects(): RolesManager {
    return this.objects as unknown as RolesManager
  }

  protected get idField(): string {
    return 'id'
  }

  protected get readOnly(): ReadonlySet<string> {
    return READ_ONLY
  }

  protected override label(): string | undefined {
    return this.name ?? this.id
  }
}

const READ_ONLY: ReadonlySet<string> = new Set(['id'])
