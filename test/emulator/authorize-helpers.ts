/** A scripted browser for the emulator's login pages: fetch with manual redirects. */
import { codeChallengeS256, createCodeVerifier, createState } from '../../src/login/pkce.js'
import type { RunningEmulator } from '../../src/emulator/index.js'

/** The emulator's native CLI app in these tests; any loopback port is allowed. */
export const NATIVE_APP = {
  clientId: 'nativeCliApp0000000000000000000',
  appType: 'native',
  callbacks: ['http://127.0.0.1/callback'],
  managementApi: true,
} as const

export const OPERATOR = { email: 'ops@acdc.test', password: 'Passw0rd!ops' }

export interface AuthorizeRequest {
  url: string
  verifier: string
  state: string
  redirectUri: string
}

/** An /authorize URL as `login()` builds it, with a fresh verifier and state. */
export function authorizeRequest(
  tenant: RunningEmulator,
  overrides: Record<string, string | undefined> = {},
): AuthorizeRequest {
  const verifier = createCodeVerifier()
  const state = createState()
  const redirectUri = overrides.redirect_uri ?? 'http://127.0.0.1:45678/callback'
  const params: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: NATIVE_APP.clientId,
    redirect_uri: redirectUri,
    scope: 'read:users update:users',
    audience: tenant.audience,
    state,
    code_challenge: codeChallengeS256(verifier),
    code_challenge_method: 'S256',
    ...overrides,
  }
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, value)
  return { url: `${tenant.domain}/authorize?${query}`, verifier, state, redirectUri }
}

/** GET /authorize without following redirects. */
export async function openAuthorize(url: string): Promise<Response> {
  return fetch(url, { redirect: 'manual' })
}

/**
 * Goes through /authorize and the login form as a person would; returns the final answer of the
 * form POST (a 302 to the callback, or the form again with an error).
 */
export async function submitLogin(
  tenant: RunningEmulator,
  url: string,
  credentials: { email: string; password: string } = OPERATOR,
): Promise<Response> {
  const start = await openAuthorize(url)
  if (start.status !== 302)
    throw new Error(`authorize answered ${start.status}: ${await start.text()}`)
  const loginPath = start.headers.get('location')!
  const form = await fetch(`${tenant.domain}${loginPath}`)
  if (form.status !== 200) throw new Error(`login page answered ${form.status}`)
  return fetch(`${tenant.domain}${loginPath}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      username: credentials.email,
      password: credentials.password,
      action: 'default',
    }).toString(),
  })
}

/** The query of the callback URL the login redirected to. */
export function callbackParams(res: Response): URLSearchParams {
  const location = res.headers.get('location')
  if (res.status !== 302 || location === null) throw new Error(`no redirect: ${res.status}`)
  return new URL(location).searchParams
}

/** POST /oauth/token with `grant_type=authorization_code`, form-encoded. */
export async function exchange(
  tenant: RunningEmulator,
  params: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${tenant.domain}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: NATIVE_APP.clientId,
      ...params,
    }).toString(),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
