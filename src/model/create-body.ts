import { InvalidArgument } from '../errors.js'
import { CREATE_FIELDS, SERVER_FIELDS } from './user-attributes.js'

type Attributes = Record<string, unknown>

/**
 * The POST /users body for a new user. Auth0 rejects unknown properties, so an attribute it
 * does not take is refused here, before the request, naming it; attributes Auth0 computes
 * (`created_at`, `identities`, ...) are left out so that `new auth0.users(other.asDict())` works.
 *
 * @example
 * createBody({ email: 'a@x.io', user_id: 'auth0|abc' }, { password: 'pw', connection: 'db' })
 * // { email: 'a@x.io', user_id: 'abc', password: 'pw', connection: 'db' }
 */
export function createBody(
  attributes: Attributes,
  { password, connection }: { password: string | undefined; connection: string | undefined },
): Attributes {
  if (!connection) {
    throw new InvalidArgument(
      'Creating a user needs a connection: pass { connection } or set defaultConnection.',
    )
  }
  const body: Attributes = {}
  const refused: string[] = []
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || SERVER_FIELDS.has(name)) continue
    if (!CREATE_FIELDS.has(name)) refused.push(name)
    else body[name] = name === 'user_id' ? ownId(value) : value
  }
  if (refused.length > 0) {
    throw new InvalidArgument(
      `POST /users does not accept ${refused.map((name) => `'${name}'`).join(', ')}; ` +
        'keep custom data in user_metadata or app_metadata.',
    )
  }
  if (password !== undefined) body.password = password
  body.connection = connection
  return body
}

/** Auth0 prefixes the provider itself: an id copied from a database user loses its `auth0|`. */
function ownId(value: unknown): unknown {
  return typeof value === 'string' && value.startsWith('auth0|')
    ? value.slice('auth0|'.length)
    : value
}
