import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApiError } from './api-error.js'
import { BLOCKED_MESSAGE } from './brute-force.js'
import { callbackAllowed } from './callback-urls.js'
import type { Client } from './clients.js'
import { parseBody, readBody } from './http-io.js'
import { loginLog } from './login-log.js'
import { checkLoginRule } from './login-rule.js'
import { authorizeErrorPage, loginPage } from './login-pages.js'
import type { LoginTransaction } from './login-transactions.js'
import type { Tenant } from './tenant.js'
import { resolveAudience } from './token-audience.js'
import { grantedScopes } from './user-tokens.js'
import type { UserRecord } from './user-defaults.js'

/** Pages must not be cached nor framed (clickjacking of the login form). */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
}

/** Universal Login's message for an unknown e-mail or a wrong password (no hint which). */
const WRONG_CREDENTIALS = 'Wrong email or password.'

/**
 * The browser side of Authorization Code + PKCE: `GET /authorize` validates the request and
 * sends the browser to the login page (`/u/login?state=<transaction>`, as Universal Login
 * does); `POST /u/login` checks the e-mail and password, runs the `loginRule`, and redirects to
 * the client's callback with `code` and `state` — or with `error`/`error_description`.
 *
 * Errors follow RFC 6749 §4.1.2.1 as Auth0 does: an unknown client or a callback URL not in its
 * list get an error page (redirecting there would make the tenant an open redirect); every
 * other problem goes back to the callback.
 */
export async function handleAuthorize(
  tenant: Tenant,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  if (path === '/authorize' && method === 'GET') return startLogin(tenant, req, res, query)
  if (path === '/u/login' && (method === 'GET' || method === 'POST')) {
    const id = query.get('state') ?? ''
    const transaction = tenant.logins.get(id)
    if (transaction === undefined) {
      return sendPage(
        res,
        400,
        authorizeErrorPage(
          'Invalid state.',
          'This login page has expired or was already used. Go back to the application and log in again.',
        ),
      )
    }
    if (method === 'GET') return sendPage(res, 200, loginPage(id))
    return finishLogin(tenant, req, res, id, transaction)
  }
  throw new ApiError(404, 'Not Found')
}

function startLogin(
  tenant: Tenant,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): void {
  const clientId = query.get('client_id')
  if (!clientId) {
    return sendPage(
      res,
      400,
      authorizeErrorPage('Invalid request.', 'Missing required parameter: client_id'),
    )
  }
  const client = tenant.clients.get(clientId)
  if (client === undefined) {
    return sendPage(res, 400, authorizeErrorPage('Unknown client.', `Unknown client: ${clientId}`))
  }
  const redirectUri = query.get('redirect_uri') ?? ''
  if (!callbackAllowed(client.callbacks, redirectUri)) {
    return sendPage(
      res,
      400,
      authorizeErrorPage(
        'Callback URL mismatch.',
        `${redirectUri} is not in the list of allowed callback URLs.`,
      ),
    )
  }
  const state = query.get('state') ?? undefined
  const fail = (error: string, description: string) =>
    redirectTo(res, redirectUri, { error, error_description: description, state })

  const responseType = query.get('response_type')
  if (responseType !== 'code') {
    return fail('unsupported_response_type', `Unsupported response type: ${responseType ?? ''}`)
  }
  const challenge = query.get('code_challenge') ?? undefined
  const challengeMethod = query.get('code_challenge_method') ?? undefined
  if (challenge === undefined && client.isPublic) {
    return fail('invalid_request', 'Missing required parameter: code_challenge')
  }
  // Auth0 supports only S256 (its PKCE docs: `plain` is discouraged and not supported).
  if (challenge !== undefined && challengeMethod !== 'S256') {
    return fail('invalid_request', 'Unsupported code_challenge_method; use S256')
  }
  if (challenge !== undefined && !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
    return fail('invalid_request', 'Invalid code_challenge')
  }
  // No audience: a login for the ID token and /userinfo only, as on a tenant without a default audience.
  const audience = query.get('audience') || undefined
  if (audience !== undefined && resolveAudience(tenant, audience, req.headers.host) === undefined) {
    return fail('access_denied', `Service not found: ${audience}`)
  }
  const id = tenant.logins.start({
    clientId,
    redirectUri,
    state,
    codeChallenge: challenge,
    audience,
    scope: query.get('scope') ?? '',
    nonce: query.get('nonce') ?? undefined,
  })
  res.writeHead(302, {
    location: `/u/login?state=${encodeURIComponent(id)}`,
    'cache-control': 'no-store',
  })
  res.end()
}

async function finishLogin(
  tenant: Tenant,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  transaction: LoginTransaction,
): Promise<void> {
  const body = parseBody(await readBody(req), req.headers['content-type']) as Record<
    string,
    unknown
  > | null
  const email = typeof body?.username === 'string' ? body.username.trim() : ''
  const password = typeof body?.password === 'string' ? body.password : ''
  // Brute-force protection, per (e-mail, source IP): a blocked pair is refused before the
  // password is even checked, so the right password does not get through either.
  const guard = tenant.bruteForce
  const ip = req.socket.remoteAddress ?? ''
  const log = loginLog(tenant, req, transaction.clientId, email)
  const blocked = (justNow: boolean) => {
    log.blocked(justNow)
    sendPage(res, 429, loginPage(id, { email, error: BLOCKED_MESSAGE }))
  }
  if (email !== '' && guard?.isBlocked(email, ip)) return blocked(false)
  const user = await findUser(tenant, email, password)
  if (user === undefined) {
    log.failed(WRONG_CREDENTIALS)
    if (email !== '' && guard?.recordFailure(email, ip) === 'blocked') return blocked(true)
    return sendPage(res, 400, loginPage(id, { email, error: WRONG_CREDENTIALS }))
  }
  guard?.recordSuccess(email, ip)
  tenant.logins.end(id)
  const { redirectUri, state } = transaction
  const client = tenant.clients.get(transaction.clientId) as Client
  if (user.blocked === true) {
    log.refused(user, 'user is blocked')
    // Auth0's answer for a blocked user, whatever the rules say.
    return redirectTo(res, redirectUri, {
      error: 'unauthorized',
      error_description: 'user is blocked',
      state,
    })
  }
  const audience =
    transaction.audience === undefined
      ? undefined
      : resolveAudience(tenant, transaction.audience, req.headers.host)
  // The rule guards Management API tokens only.
  const refusal = audience?.management ? checkLoginRule(tenant.loginRule, client, user) : undefined
  if (refusal !== undefined) {
    log.refused(user, refusal)
    return redirectTo(res, redirectUri, {
      error: 'access_denied',
      error_description: refusal,
      state,
    })
  }
  const userId = user.user_id as string
  const code = tenant.codes.issue({
    clientId: client.clientId,
    redirectUri,
    codeChallenge: transaction.codeChallenge,
    userId,
    audience: transaction.audience,
    scopes: grantedScopes(tenant, client, audience, transaction.scope, userId),
    nonce: transaction.nonce,
  })
  log.succeeded(user)
  redirectTo(res, redirectUri, { code, state })
}

/** The user with this e-mail (any database connection) whose password it is. */
async function findUser(
  tenant: Tenant,
  email: string,
  password: string,
): Promise<UserRecord | undefined> {
  if (email === '' || password === '') return undefined
  for (const user of tenant.store.findByEmail(email.toLowerCase())) {
    if (await tenant.passwords.check(user.user_id as string, password)) return user
  }
  return undefined
}

function redirectTo(
  res: ServerResponse,
  redirectUri: string,
  params: Record<string, string | undefined>,
): void {
  const url = new URL(redirectUri)
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, value)
  }
  res.writeHead(302, { location: url.toString(), 'cache-control': 'no-store' })
  res.end()
}

/** Sends an HTML page, not cached nor framed. */
export function sendPage(res: ServerResponse, status: number, html: string): void {
  const body = Buffer.from(html, 'utf8')
  res.writeHead(status, { ...PAGE_HEADERS, 'content-length': String(body.length) })
  res.end(body)
}
