/** The attributes of an Auth0 user, with Auth0's wire names, and which of them each endpoint takes. */

export type Metadata = Record<string, unknown>

export interface Identity {
  connection: string
  user_id: string | number
  provider: string
  isSocial: boolean
  profileData?: Record<string, unknown>
  [key: string]: unknown
}

/** What GET /users returns for a user (every field optional: `fields` may leave any out). */
export interface UserAttributes<
  UserMeta extends object = Metadata,
  AppMeta extends object = Metadata,
> {
  user_id?: string
  email?: string
  email_verified?: boolean
  username?: string
  phone_number?: string
  phone_verified?: boolean
  created_at?: string
  updated_at?: string
  identities?: Identity[]
  app_metadata?: AppMeta
  user_metadata?: UserMeta
  picture?: string
  name?: string
  nickname?: string
  multifactor?: string[]
  last_ip?: string
  last_login?: string
  last_password_reset?: string
  logins_count?: number
  blocked?: boolean
  given_name?: string
  family_name?: string
}

/** What `new auth0.users(...)`, `create` and `getOrCreate`'s defaults accept. */
export interface UserFields<
  UserMeta extends object = Metadata,
  AppMeta extends object = Metadata,
> extends UserAttributes<UserMeta, AppMeta> {
  /** Write-only: sent once by `save()`, never readable back. */
  password?: string
  /** The connection to create the user in; defaults to the model's connection. */
  connection?: string
  /** Send (true) or suppress (false) Auth0's verification e-mail for this write. */
  verify_email?: boolean
}

/** Body fields POST /users accepts (its schema has `additionalProperties: false`). */
export const CREATE_FIELDS: ReadonlySet<string> = new Set([
  'email',
  'phone_number',
  'user_metadata',
  'app_metadata',
  'blocked',
  'email_verified',
  'phone_verified',
  'verify_email',
  'given_name',
  'family_name',
  'name',
  'nickname',
  'picture',
  'user_id',
  'username',
])

/** Root attributes PATCH /users/{id} can change. */
export const UPDATE_FIELDS: ReadonlySet<string> = new Set([
  'app_metadata',
  'blocked',
  'email',
  'email_verified',
  'family_name',
  'given_name',
  'name',
  'nickname',
  'phone_number',
  'phone_verified',
  'picture',
  'username',
  'user_metadata',
  'verify_email',
  'verify_phone_number',
])

/**
 * Attributes Auth0 computes. They travel in `asDict()` so a copy can be rebuilt, are skipped
 * on create, and changing one on a fetched user is an error.
 */
export const SERVER_FIELDS: ReadonlySet<string> = new Set([
  'created_at',
  'updated_at',
  'identities',
  'last_ip',
  'last_login',
  'last_password_reset',
  'logins_count',
  'multifactor',
  'multifactor_last_modified',
])

/** Metadata is merged one level deep by PATCH; every other root attribute is replaced. */
export const METADATA_FIELDS: ReadonlySet<string> = new Set(['user_metadata', 'app_metadata'])

/** Attributes Auth0 needs `connection` beside when they change (auth0-api.md §4.2). */
export const NEEDS_CONNECTION: ReadonlySet<string> = new Set([
  'email',
  'email_verified',
  'phone_number',
  'phone_verified',
  'username',
  'password',
])

/** Attributes that take `client_id` beside them (it picks the verification e-mail's template). */
export const TAKES_CLIENT_ID: ReadonlySet<string> = new Set(['email', 'phone_number'])
