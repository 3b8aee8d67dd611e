import { Auth0Error, InvalidArgument, type RequestInfo } from '../errors.js'
import { errorFromResponse } from '../wire/error-from-response.js'
import { Transport } from '../wire/transport.js'
import { resolveTenant, type TenantAddress } from './tenant-address.js'
import { Token } from './token.js'

export { Token, type TokenFields } from './token.js'

/** Options of {@link getToken}. */
export interface GetTokenOptions {
  /** Defaults to `https://{host}/api/v2/`. */
  audience?: string
  /** Milliseconds, default 10 000. */
  timeout?: number
  /** The clock, in milliseconds like `Date.now`; injected by tests. */
  now?: () => number
}

const TOKEN_PATH = '/oauth/token'

/**
 * Fetches a Management API token with the client-credentials grant.
 *
 * @example
 * const token = await getToken('tenant.eu.auth0.com', clientId, clientSecret)
 * // POST https://tenant.eu.auth0.com/oauth/token
 * // {"grant_type":"client_credentials","client_id":"…","client_secret":"…",
 * //  "audience":"https://tenant.eu.auth0.com/api/v2/"}
 * token.access_token; token.expires_at // unix seconds
 * @throws Auth0Error when Auth0 refuses (e.g. `401: Unauthorized`, errorCode `access_denied`);
 *   NetworkError / TimeoutError when it cannot be reached.
 */
export async function getToken(
  domain: string,
  clientId: string,
  clientSecret: string,
  options: GetTokenOptions = {},
): Promise<Token> {
  return requestToken(resolveTenant(domain, options.audience), clientId, clientSecret, options)
}

/** {@link getToken} for an already resolved tenant; the audience is the address's. */
export async function requestToken(
  address: TenantAddress,
  clientId: string,
  clientSecret: string,
  options: Omit<GetTokenOptions, 'audience'> = {},
): Promise<Token> {
  if (typeof clientId !== 'string' || clientId === '') {
    throw new InvalidArgument('clientId must be a non-empty string')
  }
  if (typeof clientSecret !== 'string' || clientSecret === '') {
    throw new InvalidArgument('clientSecret must be a non-empty string')
  }
  const now = options.now ?? Date.now
  const info: RequestInfo = { method: 'POST', path: TOKEN_PATH }
  // Token requests are rare (the token is cached), so no pool of keep-alive sockets is kept.
  const transport = new Transport({ keepAlive: false })
  // Expiry counts from when the request left, so a slow answer errs on the early side.
  const sentAt = Math.floor(now() / 1000)
  const res = await transport.send(
    {
      method: 'POST',
      url: `${address.origin}${TOKEN_PATH}`,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        audience: address.audience,
      }),
      timeout: options.timeout ?? 10_000,
    },
    info,
  )
  if (res.status < 200 || res.status >= 300) throw errorFromResponse(res, info, [clientSecret])
  const body = parseTokenBody(res.text)
  if (!body) {
    throw new Auth0Error(
      { statusCode: res.status, message: 'The token endpoint answered without an access_token' },
      info,
    )
  }
  return new Token({ ...body, expires_at: sentAt + body.expires_in })
}

function parseTokenBody(
  text: string,
): { access_token: string; token_type: string; expires_in: number; scope?: string } | undefined {
  let json: Record<string, unknown>
  try {
    json = JSON.parse(text) as Record<string, unknown>
  } catch {
    return undefined
  }
  const { access_token, token_type, expires_in, scope } = json ?? {}
  if (typeof access_token !== 'string' || access_token === '') return undefined
  if (typeof expires_in !== 'number' || !Number.isFinite(expires_in)) return undefined
  return {
    access_token,
    token_type: typeof token_type === 'string' ? token_type : 'Bearer',
    expires_in,
    ...(typeof scope === 'string' ? { scope } : {}),
  }
}
