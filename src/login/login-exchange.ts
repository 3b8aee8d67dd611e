import { Auth0Error, type RequestInfo } from '../errors.js'
import { errorFromResponse } from '../wire/error-from-response.js'
import { Transport } from '../wire/transport.js'
import type { TenantAddress } from '../auth/tenant-address.js'
import { Token } from '../auth/token.js'

/** What the code exchange sends besides the tenant. */
export interface CodeExchange {
  clientId: string
  code: string
  codeVerifier: string
  redirectUri: string
  /** Milliseconds for the request, default 10 000. */
  timeout?: number
  now?: () => number
}

const TOKEN_PATH = '/oauth/token'

/**
 * Exchanges an authorization code for a token: `POST /oauth/token` (form-encoded, as RFC 6749
 * §4.1.3 has it) with `grant_type=authorization_code`, the code, the PKCE `code_verifier`, the
 * same `redirect_uri` and the `client_id` — a native app has no secret, the verifier proves the
 * request comes from whoever started the login.
 *
 * @throws Auth0Error when the tenant refuses, e.g. `403: Failed to verify code verifier`
 *   (errorCode `invalid_grant`), with the code and verifier scrubbed from the message;
 *   NetworkError / TimeoutError when it cannot be reached.
 */
export async function exchangeCode(address: TenantAddress, exchange: CodeExchange): Promise<Token> {
  const now = exchange.now ?? Date.now
  const info: RequestInfo = { method: 'POST', path: TOKEN_PATH }
  const sentAt = Math.floor(now() / 1000)
  const res = await new Transport({ keepAlive: false }).send(
    {
      method: 'POST',
      url: `${address.origin}${TOKEN_PATH}`,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: exchange.clientId,
        code: exchange.code,
        code_verifier: exchange.codeVerifier,
        redirect_uri: exchange.redirectUri,
      }).toString(),
      timeout: exchange.timeout ?? 10_000,
    },
    info,
  )
  if (res.status < 200 || res.status >= 300) {
    throw errorFromResponse(res, info, [exchange.code, exchange.codeVerifier])
  }
  const body = parseObject(res.text)
  const { access_token, token_type, expires_in, scope } = body ?? {}
  if (typeof access_token !== 'string' || access_token === '' || typeof expires_in !== 'number') {
    throw new Auth0Error(
      { statusCode: res.status, message: 'The token endpoint answered without an access_token' },
      info,
    )
  }
  return new Token({
    access_token,
    token_type: typeof token_type === 'string' ? token_type : 'Bearer',
    expires_in,
    expires_at: sentAt + expires_in,
    ...(typeof scope === 'string' ? { scope } : {}),
  })
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
