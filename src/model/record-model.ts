import cloneDeep from 'lodash/cloneDeep.js'
import isEqual from 'lodash/isEqual.js'
import { InvalidArgument } from '../errors.js'
import { LOAD, Model, type Attributes } from './model.js'

/** What a simple resource's model needs of its API layer. */
export interface RecordApi {
  get(id: string): Promise<Attributes>
  create(body: Attributes): Promise<Attributes>
  update(id: string, body: Attributes): Promise<Attributes>
  delete(id: string): Promise<unknown>
}

/**
 * An active record of a resource whose writes are one POST or one PATCH (roles, resource
 * servers): attributes are Auth0's wire names, `save()` creates when `_fetched` is false and
 * otherwise PATCHes only the attributes that changed since the last fetch or save.
 */
export abstract class RecordModel extends Model {
  constructor(fields: Attributes = {}) {
    super()
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      throw new InvalidArgument(`A ${this.modelName} is built from an object of attributes.`)
    }
    const clash = Object.keys(fields).find(
      (key) => key.startsWith('_') || key in RecordModel.prototype || key in this,
    )
    if (clash !== undefined) {
      throw new InvalidArgument(`'${clash}' is not a ${this.modelName} attribute name.`)
    }
    Object.assign(this, cloneDeep(fields))
  }

  /** The attribute holding the id (`id`). */
  protected abstract get idField(): string

  /** Attributes a PATCH never carries (the id, immutable ones such as an API's identifier). */
  protected abstract get readOnly(): ReadonlySet<string>

  /** The API layer of the bound manager. */
  protected get api(): RecordApi {
    return (this.objects as unknown as { api: RecordApi }).api
  }

  getId(): string | undefined {
    const id = (this as Attributes)[this.idField]
    return typeof id === 'string' && id !== '' ? id : undefined
  }

  /** POST when unsaved (every attribute but the id); otherwise one PATCH of what changed, or none. */
  async save(): Promise<this> {
    if (!this._fetched) {
      const { [this.idField]: _id, ...body } = this.asDict()
      this[LOAD](await this.api.create(body))
      return this
    }
    const id = this.requireId('save')
    const body = this.changes()
    if (Object.keys(body).length === 0) return this
    this[LOAD](await this.api.update(id, body))
    return this
  }

  /** DELETE the record; the instance keeps its attributes and becomes unsaved. */
  async delete(): Promise<void> {
    await this.api.delete(this.requireId('delete'))
    this.forget()
  }

  /** Reloads every attribute from the tenant, dropping unsaved changes. */
  async refresh(): Promise<this> {
    this[LOAD](await this.api.get(this.requireId('refresh')))
    return this
  }

  /** The attributes that differ from the snapshot, read-only ones left out. */
  protected changes(): Attributes {
    const before = this.snapshot
    const body: Attributes = {}
    for (const [key, value] of Object.entries(this.current)) {
      if (!this.readOnly.has(key) && !isEqual(value, before[key])) body[key] = cloneDeep(value)
    }
    return body
  }
}
