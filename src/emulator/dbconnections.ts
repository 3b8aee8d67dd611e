import { ApiError } from './api-error.js'
import { buildNewUser } from './create-user.js'
import { connectionOf, isoTimestamp } from './user-defaults.js'
import type { AuthAnswer } from './auth-api.js'
import { passwordStrengthError } from './password-rules.js'
import type { Tenant } from './tenant.js'

/** Signup's own error shape: `{name, code, description, statusCode}`. */
function signupError(code: string, description: string): AuthAnswer {
  return { status: 400, body: { name: 'BadRequestError', code, description, statusCode: 400 } }
}

/** The profile fields signup takes (everything else in the body is ignored). */
const PROFILE_FIELDS = ['given_name', 'family_name', 'name', 'nickname', 'picture', 'user_metadata']

const text = (value: unknown) => (typeof value === 'string' ? value : undefined)

/**
 * POST /dbconnections/signup: creates a database user as Auth0 does for a sign-up form, and
 * answers **200** with the minimal body (`_id` without `auth0|`). Errors in signup's shape:
 * `user_exists`, `invalid_password` (the `PasswordStrengthError` with the policy's rules),
 * `invalid_signup` for a body the Management API would refuse.
 *
 * @example
 * // {client_id, connection:'Username-Password-Authentication', email:'ann@x.io', password:'Passw0rd!'}
 * // → 200 {"_id":"668fbaab724b1bf53b436691","email":"ann@x.io","email_verified":false}
 */
export function signup(tenant: Tenant, body: Record<string, unknown>): AuthAnswer {
  const clientId = text(body.client_id)
  if (clientId === undefined || !tenant.clients.has(clientId)) {
    return signupError('invalid_request', 'Missing or unknown client_id')
  }
  const connection = tenant.connections.byName(text(body.connection) ?? '')
  if (connection === undefined) return signupError('invalid_connection', 'Unknown connection')
  const email = text(body.email)
  const password = text(body.password)
  if (email === undefined || password === undefined) {
    return signupError('invalid_signup', 'Missing required parameter: email or password')
  }
  const metadataProblem = checkSignupMetadata(body.user_metadata)
  if (metadataProblem !== undefined) return signupError('invalid_signup', metadataProblem)
  const weak = passwordStrengthError(password, connection.passwordPolicy)
  if (weak !== undefined) return { status: 400, body: weak }

  const input: Record<string, unknown> = { connection: connection.name, email, password }
  if (connection.requiresUsername && text(body.username) !== undefined)
    input.username = body.username
  for (const field of PROFILE_FIELDS) {
    if (Object.hasOwn(body, field) && body[field] !== undefined) input[field] = body[field]
  }
  let user
  try {
    user = buildNewUser(input, tenant.connections, tenant.now())
    tenant.store.insert(user)
  } catch (err) {
    if (!(err instanceof ApiError)) throw err
    if (err.statusCode === 409) return signupError('user_exists', 'The user already exists.')
    return signupError('invalid_signup', err.message)
  }
  const userId = user.user_id as string
  tenant.passwords.set(userId, password)
  // Auth0 sends the verification e-mail on signup (the "Verification Email" template).
  tenant.outbox.record({
    template: 'verify_email',
    to: user.email as string,
    userId,
    connection: connection.name,
    clientId,
    sentAt: isoTimestamp(tenant.now()),
  })
  const answer: Record<string, unknown> = { _id: userId.replace(/^auth0\|/, ''), email: user.email }
  if (user.username !== undefined) answer.username = user.username
  answer.email_verified = false
  return { status: 200, body: answer, persist: true }
}

/**
 * Signup's own limits on `user_metadata` (Auth0's signup reference): an object of at most 10
 * properties, names up to 100 characters, values strings up to 500. [?] the error text.
 */
function checkSignupMetadata(metadata: unknown): string | undefined {
  if (metadata === undefined) return undefined
  const problem =
    'user_metadata must be an object of at most 10 string properties (names up to 100 characters, values up to 500)'
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return problem
  const entries = Object.entries(metadata)
  if (entries.length > 10) return problem
  const bad = entries.some(
    ([key, value]) => key.length > 100 || typeof value !== 'string' || value.length > 500,
  )
  return bad ? problem : undefined
}

const RESET_SENT = "We've just sent you an email to reset your password."

/**
 * POST /dbconnections/change_password: answers the same text for known and unknown e-mails (no
 * enumeration); for a known one, records the `reset_email` in the tenant's outbox.
 */
export function changePassword(tenant: Tenant, body: Record<string, unknown>): AuthAnswer {
  const email = text(body.email)?.toLowerCase()
  const connection = tenant.connections.byName(text(body.connection) ?? '')
  const clientId = text(body.client_id) ?? ''
  // [?] Auth0's answer to a missing e-mail or an unknown connection is not recorded.
  if (email === undefined || email === '') {
    return {
      status: 400,
      body: { error: 'invalid_request', error_description: 'Missing required parameter: email' },
    }
  }
  if (connection === undefined) {
    return {
      status: 400,
      body: { error: 'invalid_request', error_description: 'Unknown connection' },
    }
  }
  const user = tenant.store
    .findByEmail(email)
    .find((candidate) => connectionOf(candidate) === connection.name)
  if (user !== undefined) {
    tenant.outbox.record({
      template: 'reset_email',
      to: email,
      userId: user.user_id as string,
      connection: connection.name,
      clientId,
      sentAt: isoTimestamp(tenant.now()),
    })
  }
  return {
    status: 200,
    body: RESET_SENT,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  }
}
