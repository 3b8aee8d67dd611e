/**
 * A front end's login, scripted: Authorization Code + PKCE through the emulator's `/authorize`
 * and its login page (`/u/login`), then the code exchanged at `/oauth/token`. What a browser
 * app does to get the access token it sends to the service.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { ClientOptions, RunningEmulator } from 'auth0plus/emulator'
import { SERVICE_AUDIENCE } from '../src/dev-tenant.js'

/** The front end: a native (public) app; any loopback port is accepted for its callback. */
export const FRONT_END: ClientOptions = {
  clientId: 'userServiceFrontEnd000000000000',
  appType: 'native',
  callbacks: ['http://127.0.0.1/callback'],
  // What the emulator's loginRule asks of an app before it hands out Management API tokens
  // (the escalation tests try to get one; the service's own tokens are for its API).
  managementApi: true,
}

/** Every permission the service checks. */
export const ALL_SCOPES = 'read:users create:users update:users delete:users'

export interface Credentials {
  email: string
  password: string
}

/**
 * Where the login ended: a code (and then a token), the error the tenant redirected with, or
 * `wrong_credentials` when the login page answered its form again.
 */
export type LoginOutcome =
  { token: string; scope: string } | { error: string; description: string | null }

/**
 * Logs `who` in and answers the access token, or the tenant's refusal (e.g. its login rule).
 * The token is for the service's API unless `audience` names another.
 *
 * @example
 * const outcome = await logIn(tenant, { email, password }, 'read:users')
 * if ('token' in outcome) fetch(url, { headers: { authorization: `Bearer ${outcome.token}` } })
 */
export async function logIn(
  tenant: RunningEmulator,
  who: Credentials,
  scope = ALL_SCOPES,
  audience = SERVICE_AUDIENCE,
): Promise<LoginOutcome> {
  const verifier = randomBytes(32).toString('base64url')
  const state = randomBytes(16).toString('base64url')
  const redirectUri = 'http://127.0.0.1:45678/callback'
  const authorize = new URL('/authorize', tenant.domain)
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: FRONT_END.clientId,
    redirect_uri: redirectUri,
    scope,
    audience,
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString()
  const callback = await signIn(authorize.href, who)
  if (callback === undefined) return { error: 'wrong_credentials', description: null }
  const params = new URL(callback).searchParams
  if (params.get('state') !== state) throw new Error('the login lost its state')
  const error = params.get('error')
  if (error !== null) return { error, description: params.get('error_description') }
  const res = await fetch(new URL('/oauth/token', tenant.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: FRONT_END.clientId,
      code: params.get('code') ?? '',
      code_verifier: verifier,
      redirect_uri: redirectUri,
    }).toString(),
  })
  const body = (await res.json()) as { access_token?: string; scope?: string }
  if (res.status !== 200 || !body.access_token) throw new Error(`token exchange: ${res.status}`)
  return { token: body.access_token, scope: body.scope ?? '' }
}

/**
 * The browser's part: open an /authorize URL, fill in the login form, and answer the callback
 * URL the tenant redirects to (undefined when the form came back: wrong credentials).
 */
export async function signIn(authorizeUrl: string, who: Credentials): Promise<string | undefined> {
  const start = await fetch(authorizeUrl, { redirect: 'manual' })
  const loginPage = new URL(expectRedirect(start), authorizeUrl)
  if (loginPage.origin !== new URL(authorizeUrl).origin) return loginPage.href
  const form = await fetch(loginPage, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: who.email, password: who.password }).toString(),
  })
  if (form.status === 400) return undefined
  return expectRedirect(form)
}

/** {@link logIn} that must succeed. */
export async function tokenFor(
  tenant: RunningEmulator,
  who: Credentials,
  scope = ALL_SCOPES,
  audience = SERVICE_AUDIENCE,
): Promise<string> {
  const outcome = await logIn(tenant, who, scope, audience)
  if (!('token' in outcome)) throw new Error(`login refused: ${outcome.error}`)
  return outcome.token
}

function expectRedirect(res: Response): string {
  const location = res.headers.get('location')
  if (res.status !== 302 || location === null) throw new Error(`expected a redirect: ${res.status}`)
  return location
}
