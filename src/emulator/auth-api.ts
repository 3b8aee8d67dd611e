import type { IncomingMessage } from 'node:http'
import { changePassword, signup } from './dbconnections.js'
import { parseBody, readBody } from './http-io.js'
import { logout } from './logout.js'
import { authenticateClient, requiredParam } from './oauth-client.js'
import { openidConfiguration } from './openid-configuration.js'
import type { Tenant } from './tenant.js'
import { userinfo } from './userinfo.js'

/** What an Authentication API handler answers. */
export interface AuthAnswer {
  status: number
  /** JSON for objects, the text as is for strings (with its content type in `headers`). */
  body?: unknown
  headers?: Record<string, string>
  /** The tenant changed: written to the data file before the answer goes out. */
  persist?: boolean
}

/** The JSON or form body as a plain object (anything else counts as empty). */
async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = parseBody(await readBody(req), req.headers['content-type'])
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {}
}

/**
 * The Authentication API besides `/oauth/token` and `/authorize`: discovery, JWKS, `/userinfo`,
 * database signup and password reset, refresh token revocation, logout. Undefined when
 * `method path` is none of them.
 */
export async function handleAuthApi(
  tenant: Tenant,
  req: IncomingMessage,
  method: string,
  path: string,
  query: URLSearchParams,
): Promise<AuthAnswer | undefined> {
  switch (`${method} ${path}`) {
    case 'GET /.well-known/openid-configuration':
      return { status: 200, body: openidConfiguration(tenant.origin()) }
    case 'GET /.well-known/jwks.json': {
      const jwk = tenant.signingKey.publicKey.export({ format: 'jwk' })
      const key = { ...jwk, kid: tenant.signingKey.kid, use: 'sig', alg: 'RS256' }
      return { status: 200, body: { keys: [key] } }
    }
    case 'GET /userinfo':
    case 'POST /userinfo':
      return userinfo(tenant, req.headers.authorization)
    case 'POST /dbconnections/signup':
      return signup(tenant, await bodyOf(req))
    case 'POST /dbconnections/change_password':
      return changePassword(tenant, await bodyOf(req))
    case 'POST /oauth/revoke':
      return revoke(tenant, await bodyOf(req), req.headers.authorization)
    case 'GET /v2/logout':
      return logout(tenant, query)
    default:
      return undefined
  }
}

/**
 * POST /oauth/revoke: revokes the refresh token and the tokens rotated with it (Auth0's
 * "Refresh Token Revocation Deletes Grant"). 200 with an empty body, also for an unknown token
 * (RFC 7009 §2.2); the client authenticates as at the token endpoint.
 */
function revoke(
  tenant: Tenant,
  body: Record<string, unknown>,
  authorization: string | undefined,
): AuthAnswer {
  const client = authenticateClient(tenant, body, authorization)
  tenant.refreshTokens.revoke(requiredParam(body, 'token'), client.clientId)
  return { status: 200 }
}
