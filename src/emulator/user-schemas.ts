import type { ObjectSchema, PropertyRule } from './schema-validation.js'

/*
 * The users payload schemas, from Auth0's OAS (`CreateUserRequestContent`,
 * `UpdateUserRequestContent`). Descriptions are the OAS texts; Auth0 quotes them in messages.
 */

const shared = {
  email: { type: 'string', format: 'email', description: "The user's email." },
  phone_number: {
    type: 'string',
    pattern: /^\+[0-9]{1,15}$/,
    description:
      "The user's phone number (following the E.164 recommendation), only valid for users from SMS connections.",
  },
  user_metadata: {
    type: 'object',
    description:
      "Data related to the user that does not affect the application's core functionality.",
  },
  app_metadata: {
    type: 'object',
    description: "Data related to the user that does affect the application's core functionality.",
  },
  blocked: {
    type: 'boolean',
    description: 'Whether this user was blocked by an administrator (true) or not (false).',
  },
  email_verified: {
    type: 'boolean',
    description: 'Whether this email address is verified (true) or unverified (false).',
  },
  phone_verified: {
    type: 'boolean',
    description: 'Whether this phone number has been verified (true) or not (false).',
  },
  given_name: {
    type: 'string',
    minLength: 1,
    maxLength: 150,
    description: "The user's given name(s).",
  },
  family_name: {
    type: 'string',
    minLength: 1,
    maxLength: 150,
    description: "The user's family name(s).",
  },
  name: { type: 'string', minLength: 1, maxLength: 300, description: "The user's full name." },
  nickname: { type: 'string', minLength: 1, maxLength: 300, description: "The user's nickname." },
  picture: {
    type: 'string',
    format: 'strict-uri',
    description: "A URI pointing to the user's picture.",
  },
  verify_email: {
    type: 'boolean',
    description:
      'Whether the user will receive a verification email after creation (true) or no email (false). Overrides behavior of `email_verified` parameter.',
  },
  username: {
    type: 'string',
    minLength: 1,
    maxLength: 128,
    description: "The user's username. Only valid if the connection requires a username.",
  },
  connection: {
    type: 'string',
    minLength: 1,
    description: 'Name of the connection this user should be created in.',
  },
} satisfies Record<string, PropertyRule>

/** POST /api/v2/users: closed schema, `connection` required. */
export const createUserSchema: ObjectSchema = {
  additionalProperties: false,
  required: ['connection'],
  properties: {
    ...shared,
    user_id: {
      type: 'string',
      maxLength: 255,
      pattern: /^\S*$/,
      description: "The external user's id provided by the identity provider.",
    },
    password: {
      type: 'string',
      minLength: 1,
      description: 'Initial password for this user. Only valid for auth0 connection strategy.',
    },
  },
}

/** Attributes a PATCH may set to `null` to remove them from the profile. */
export const UNSETTABLE = [
  'given_name',
  'family_name',
  'name',
  'nickname',
  'picture',
  'phone_number',
  'user_metadata',
  'app_metadata',
] as const

const nullable = (rule: PropertyRule): PropertyRule => ({ ...rule, nullable: true })

/**
 * PATCH /api/v2/users/{id}. The OAS leaves it open (`additionalProperties: true`); the emulator
 * closes it so a typo never passes silently (see README, "Choices").
 */
export const updateUserSchema: ObjectSchema = {
  additionalProperties: false,
  properties: {
    ...shared,
    ...Object.fromEntries(UNSETTABLE.map((key) => [key, nullable(shared[key])])),
    password: {
      type: 'string',
      minLength: 1,
      description: 'New password for this user. Only valid for database connections.',
    },
    connection: {
      type: 'string',
      minLength: 1,
      description:
        'Name of the connection to target for this user update. Mandatory when updating a secondary identity.',
    },
    client_id: {
      type: 'string',
      description:
        'Auth0 client ID. Only valid when updating email address and phone number. Used to pick the verification template.',
    },
    verify_phone_number: {
      type: 'boolean',
      description:
        'Whether the user will receive a text message to verify their phone number (true) or not (false).',
    },
  },
}

/** Form-encoded bodies carry strings only; these keys are read back as booleans. */
export const BOOLEAN_KEYS = new Set([
  'blocked',
  'email_verified',
  'phone_verified',
  'verify_email',
  'verify_phone_number',
])
