// The declarations name Node's types (`node:util`...): this makes them load for consumers whose
// tsconfig lists no `types` (TypeScript 6's default), without their having to add "node".
/// <reference types="node" preserve="true" />
/**
 * auth0plus: an Auth0 tenant's users as a Django-style model.
 *
 * Every public name is listed here (no `export *`), and a test pins this list, so a change to
 * the public surface is always deliberate.
 */
export { Auth0, type Auth0Options } from './auth0.js'
export { getToken, Token, type GetTokenOptions } from './auth/get-token.js'
export { MemoryTokenStore, type StoredToken, type TokenStore } from './auth/token-store.js'
export { FileTokenStore, type FileTokenStoreOptions } from './auth/file-token-store.js'
export {
  RedisTokenStore,
  type RedisCommandClient,
  type RedisTokenStoreOptions,
} from './auth/redis-token-store.js'
export { login, type LoginOptions } from './login/login.js'
export { storedLoginToken, logout, type LoginSessionOptions } from './login/login-session.js'
export { LoginError, type LoginFailure } from './login/login-error.js'
export type { BrowserOpener } from './login/login-browser.js'
export {
  Auth0PlusError,
  Auth0Error,
  RateLimitError,
  NetworkError,
  TimeoutError,
  DoesNotExist,
  MultipleObjectsReturned,
  AttributeError,
  InvalidLookup,
  InvalidArgument,
  SearchLimitExceeded,
  UnexpectedAnswer,
  type Auth0ErrorBody,
  type RateLimitInfo,
} from './errors.js'
export { User } from './model/user.js'
export { Job, type JobWaitOptions } from './model/job.js'
export type { VerificationEmailOptions } from './model/user-account.js'
export type {
  IdentityRef,
  TicketOptions,
  PasswordChangeTicketOptions,
  EmailVerificationTicketOptions,
} from './model/lifecycle-options.js'
export type { Credentials } from './model/users-manager.js'
export type { UserBlock } from './api/user-blocks-api.js'
export type { LogEvent } from './query/log-events-collection.js'
export {
  AuthenticationMethodSet,
  type AuthenticationMethod,
} from './query/authentication-methods.js'
export { RecordQuerySet } from './query/record-query-set.js'
export type { UserModel, QueryParams, LookupWithDefaults } from './model/users-model.js'
export type { Role, RoleFields } from './model/role.js'
export type {
  ResourceServer,
  ResourceServerFields,
  ResourceServerScope,
} from './model/resource-server.js'
export type {
  RecordModelClass,
  ResourceServerModel,
  RoleModel,
} from './model/record-model-class.js'
export type { Identity, Metadata, UserAttributes, UserFields } from './model/user-attributes.js'
export type { ExportOptions, ExportedUser } from './export/export-users.js'
export type { BulkOptions, BulkProgress, BulkResult } from './bulk/types.js'
export { checkImportUser, type ImportUser } from './bulk/import-record.js'
export type {
  ImportFailure,
  ImportJobReport,
  ImportOptions,
  ImportResult,
  ImportUserRef,
} from './bulk/import-types.js'
export {
  Q,
  isQ,
  type Lookup,
  type LookupValue,
  type LookupScalar,
  type RangeBound,
} from './query/q.js'
export { QuerySet } from './query/query-set.js'
export { UserQuerySet } from './query/user-query-set.js'
export { LOOKUP_SUFFIXES, type Suffix as LookupSuffix } from './query/field-path.js'
export { BULK_UPDATE_FIELDS } from './model/bulk-update-body.js'
export { METADATA_FIELDS } from './model/user-attributes.js'
export type { Logger } from './http/types.js'
