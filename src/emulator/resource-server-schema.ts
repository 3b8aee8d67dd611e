import { ApiError } from './api-error.js'
import { validateObject, type ObjectSchema, type PropertyRule } from './schema-validation.js'

/** Auth0's entity limit: 1000 scopes (permissions) per API. */
export const MAX_SCOPES = 1000

const UPDATE_PROPERTIES: Record<string, PropertyRule> = {
  name: {
    type: 'string',
    maxLength: 200,
    pattern: /^[^<>]+$/,
    description: 'Friendly name for this resource server. Can not contain `<` or `>` characters.',
  },
  scopes: { type: 'array', description: 'List of permissions (scopes) that this API uses.' },
  signing_alg: {
    type: 'string',
    enum: ['HS256', 'RS256', 'RS512', 'PS256'],
    description: 'Algorithm used to sign JWTs.',
  },
  signing_secret: {
    type: 'string',
    minLength: 16,
    description: 'Secret used to sign tokens when using symmetric algorithms (HS256).',
  },
  allow_offline_access: {
    type: 'boolean',
    description: 'Whether refresh tokens can be issued for this API (true) or not (false).',
  },
  skip_consent_for_verifiable_first_party_clients: {
    type: 'boolean',
    description:
      'Whether to skip user consent for applications flagged as first party (true) or not (false).',
  },
  token_lifetime: {
    type: 'integer',
    minimum: 0,
    maximum: 2_592_000,
    description:
      'Expiration value (in seconds) for access tokens issued for this API from the token endpoint.',
  },
  token_lifetime_for_web: {
    type: 'integer',
    minimum: 0,
    maximum: 2_592_000,
    description:
      'Expiration value (in seconds) for access tokens issued for this API via Implicit or Hybrid Flows.',
  },
  token_dialect: {
    type: 'string',
    enum: ['access_token', 'access_token_authz', 'rfc9068_profile', 'rfc9068_profile_authz'],
    description: 'Dialect of issued access token.',
  },
  enforce_policies: {
    type: 'boolean',
    description: 'Whether to enforce authorization policies (true) or to ignore them (false).',
  },
  consent_policy: { type: 'string', nullable: true, description: 'Consent policy.' },
  token_encryption: { type: 'object', nullable: true, description: 'Token encryption.' },
  authorization_details: { type: 'array', nullable: true, description: 'Authorization details.' },
  proof_of_possession: { type: 'object', nullable: true, description: 'Proof of possession.' },
  subject_type_authorization: {
    type: 'object',
    description: 'Defines application access permission policies for this API.',
  },
}

/** PATCH body: everything but `identifier` (immutable after create). */
export const updateResourceServerSchema: ObjectSchema = {
  properties: UPDATE_PROPERTIES,
  additionalProperties: false,
}

/** POST body: the same plus the required `identifier` (the audience). */
export const createResourceServerSchema: ObjectSchema = {
  properties: {
    ...UPDATE_PROPERTIES,
    identifier: {
      type: 'string',
      minLength: 1,
      maxLength: 600,
      description:
        'Unique identifier for the API used as the audience parameter on authorization calls. Can not be changed once set.',
    },
  },
  required: ['identifier'],
  additionalProperties: false,
}

/** One API scope: `{value, description?}`. */
export interface ScopeRecord {
  value: string
  description?: string
}

const SCOPE_SCHEMA: ObjectSchema = {
  properties: {
    value: { type: 'string', minLength: 1, maxLength: 280, description: 'Value of this scope.' },
    description: {
      type: 'string',
      maxLength: 500,
      description: 'User-friendly description of this scope.',
    },
  },
  required: ['value'],
  additionalProperties: false,
}

/**
 * Validates a create or update body as Auth0's z-schema does (first failure, exact message
 * shape), including each scope, the 1000-scope limit (**[?]** text) and, for an identifier,
 * no control characters (they could forge the permission keys; **[I]**).
 */
export function validateResourceServer(
  body: unknown,
  schema: ObjectSchema,
): Record<string, unknown> {
  validateObject(body, schema, 'Payload')
  const input = body as Record<string, unknown>
  if (
    typeof input.identifier === 'string' &&
    [...input.identifier].some((char) => char.charCodeAt(0) < 0x20)
  ) {
    throw payloadError('String contains control characters', 'identifier')
  }
  if (Array.isArray(input.scopes)) {
    if (input.scopes.length > MAX_SCOPES) {
      throw payloadError(
        `Array is too long (${input.scopes.length}), maximum ${MAX_SCOPES}`,
        'scopes',
      )
    }
    for (const scope of input.scopes) validateObject(scope, SCOPE_SCHEMA, 'Payload')
    const values = (input.scopes as ScopeRecord[]).map((scope) => scope.value)
    if (new Set(values).size !== values.length) {
      throw payloadError('Array items are not unique', 'scopes')
    }
  }
  return input
}

function payloadError(reason: string, property: string): ApiError {
  const rule = createResourceServerSchema.properties[property]!
  return new ApiError(
    400,
    `Payload validation error: '${reason}' on property ${property} (${rule.description.replace(/\.$/, '')}).`,
    'invalid_body',
  )
}
