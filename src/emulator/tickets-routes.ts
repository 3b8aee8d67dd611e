import { ApiError, connectionNotFound, userNotFound } from './api-error.js'
import { requireScope } from './auth.js'
import type { Route } from './router.js'
import { validateObject, type ObjectSchema, type PropertyRule } from './schema-validation.js'
import type { ApiContext, Tenant } from './tenant.js'
import { MAX_TICKET_TTL_SEC, type TicketKind } from './tickets.js'
import { connectionOf, type UserRecord } from './user-defaults.js'

const COMMON: Record<string, PropertyRule> = {
  result_url: {
    type: 'string',
    format: 'strict-uri',
    description:
      'URL the user will be redirected to in the classic Universal Login experience once the ticket is used',
  },
  user_id: { type: 'string', description: 'user_id of for whom the ticket should be created' },
  client_id: {
    type: 'string',
    description: 'ID of the client (application)',
  },
  organization_id: {
    type: 'string',
    description: 'The organization ID',
  },
  ttl_sec: {
    type: 'integer',
    minimum: 0,
    maximum: MAX_TICKET_TTL_SEC,
    description:
      'Number of seconds for which the ticket is valid before expiration. If unspecified or set to 0, this value defaults to 432000 seconds (5 days)',
  },
  includeEmailInRedirect: {
    type: 'boolean',
    description:
      'Whether to include the email address as part of the returnUrl in the reset_email (true), or not (false)',
  },
  identity: { type: 'object', description: 'The identity the ticket is for' },
}

const passwordChangeSchema: ObjectSchema = {
  additionalProperties: false,
  properties: {
    ...COMMON,
    connection_id: {
      type: 'string',
      pattern: /^con_[A-Za-z0-9]{16}$/,
      description:
        'ID of the connection. If provided, allows the user to be specified using email instead of user_id',
    },
    email: {
      type: 'string',
      format: 'email',
      description: 'Email address of the user for whom the tickets should be created',
    },
    mark_email_as_verified: {
      type: 'boolean',
      description:
        'Whether to set the email_verified attribute to true (true) or whether it should not be updated (false)',
    },
  },
}

const emailVerificationSchema: ObjectSchema = {
  additionalProperties: false,
  required: ['user_id'],
  properties: COMMON,
}

const invalid = (message: string) => new ApiError(400, message, 'invalid_body')
const missing = (key: string) =>
  invalid(`Payload validation error: 'Missing required property: ${key}'.`)

/** Checks the options both tickets share, for the user the ticket is for. */
function checkCommon(tenant: Tenant, input: Record<string, unknown>, user: UserRecord): void {
  if (
    input.result_url !== undefined &&
    (input.client_id !== undefined || input.organization_id !== undefined)
  ) {
    throw invalid('result_url cannot be used together with client_id or organization_id')
  }
  if (typeof input.client_id === 'string' && !tenant.clients.has(input.client_id)) {
    throw new ApiError(404, 'The client does not exist', 'inexistent_client')
  }
  // The emulator has no organizations: every organization_id is unknown.
  if (input.organization_id !== undefined) {
    throw new ApiError(404, 'No organization found by that id or name', 'inexistent_organization')
  }
  if (input.identity !== undefined) {
    const identity = input.identity as { user_id?: unknown; provider?: unknown }
    if (typeof identity.user_id !== 'string' || typeof identity.provider !== 'string') {
      throw invalid(
        "Payload validation error: 'Missing required property: user_id' on property identity.",
      )
    }
    const identities = (Array.isArray(user.identities) ? user.identities : []) as Record<
      string,
      unknown
    >[]
    if (
      !identities.some((i) => i.user_id === identity.user_id && i.provider === identity.provider)
    ) {
      throw invalid('The identity does not belong to the user')
    }
  }
}

function issue(tenant: Tenant, kind: TicketKind, input: Record<string, unknown>, user: UserRecord) {
  const url = tenant.tickets.issue(
    {
      kind,
      userId: user.user_id as string,
      resultUrl: input.result_url as string | undefined,
      markEmailAsVerified: input.mark_email_as_verified === true,
      includeEmailInRedirect: input.includeEmailInRedirect === true,
    },
    (input.ttl_sec as number | undefined) ?? 0,
    tenant.origin(),
  )
  return { status: 201, body: { ticket: url } }
}

/** The user of a password-change ticket: `user_id`, or `email` + `connection_id` (never both). */
function passwordChangeUser(tenant: Tenant, input: Record<string, unknown>): UserRecord {
  const byEmail = input.email !== undefined || input.connection_id !== undefined
  if (input.user_id !== undefined && byEmail) {
    throw invalid('user_id cannot be used together with email or connection_id')
  }
  if (input.identity !== undefined && input.user_id === undefined) throw missing('user_id')
  const provider = (input.identity as { provider?: unknown } | undefined)?.provider
  // A password can only be set on a database identity.
  if (provider !== undefined && provider !== 'auth0') {
    throw invalid(
      `Payload validation error: 'No enum match for: ${JSON.stringify(provider)}' on property identity.provider.`,
    )
  }
  if (!byEmail) {
    if (input.user_id === undefined) throw missing('user_id')
    return tenant.store.get(input.user_id as string) ?? throwNotFound()
  }
  if (input.email === undefined) throw missing('email')
  if (input.connection_id === undefined) throw missing('connection_id')
  const connection = tenant.connections.byId(input.connection_id as string)
  if (connection === undefined) throw connectionNotFound()
  const email = (input.email as string).toLowerCase()
  const user = tenant.store.findByEmail(email).find((u) => connectionOf(u) === connection.name)
  return user ?? throwNotFound()
}

function throwNotFound(): never {
  throw userNotFound()
}

/** POST /tickets/password-change and /tickets/email-verification (`create:user_tickets`). */
export const ticketsRoutes: readonly Route<ApiContext>[] = [
  {
    method: 'POST',
    pattern: /^\/api\/v2\/tickets\/password-change\/?$/,
    handler: async ({ tenant, principal, body }) => {
      requireScope(principal, ['create:user_tickets'])
      const input = await body()
      validateObject(input, passwordChangeSchema, 'Payload')
      const fields = input as Record<string, unknown>
      const user = passwordChangeUser(tenant, fields)
      checkCommon(tenant, fields, user)
      return issue(tenant, 'password_change', fields, user)
    },
  },
  {
    method: 'POST',
    pattern: /^\/api\/v2\/tickets\/email-verification\/?$/,
    handler: async ({ tenant, principal, body }) => {
      requireScope(principal, ['create:user_tickets'])
      const input = await body()
      validateObject(input, emailVerificationSchema, 'Payload')
      const fields = input as Record<string, unknown>
      const user = tenant.store.get(fields.user_id as string) ?? throwNotFound()
      checkCommon(tenant, fields, user)
      return issue(tenant, 'email_verification', fields, user)
    },
  },
]
