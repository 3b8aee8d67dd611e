import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../src/emulator/index.js'

/** A started tenant plus a token of its default client, for tests that just need to call the API. */
export interface TestTenant extends RunningEmulator {
  token: string
}

export async function startTenant(options: EmulatorOptions = {}): Promise<TestTenant> {
  const tenant = await startEmulator({ port: 0, ...options })
  const token = await getToken(tenant, tenant.clientId, tenant.clientSecret)
  return Object.assign(tenant, { token })
}

/** POST /oauth/token (client credentials, JSON) and return the access token; throws on refusal. */
export async function getToken(
  tenant: RunningEmulator,
  clientId: string,
  clientSecret: string,
): Promise<string> {
  const res = await tokenRequest(tenant, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
    audience: tenant.audience,
  })
  if (res.status !== 200)
    throw new Error(`token refused: ${res.status} ${JSON.stringify(res.body)}`)
  return (res.body as { access_token: string }).access_token
}

export async function tokenRequest(
  tenant: RunningEmulator,
  body: Record<string, unknown>,
  init: { form?: boolean; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(`${tenant.domain}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': init.form ? 'application/x-www-form-urlencoded' : 'application/json',
      ...init.headers,
    },
    body: init.form
      ? new URLSearchParams(body as Record<string, string>).toString()
      : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json(), headers: res.headers }
}

export interface ApiCall {
  status: number
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any -- tests poke into JSON freely
  text: string
  headers: Headers
}

/** One Management API call with the tenant's token (or `token: null` for none). */
export async function api(
  tenant: TestTenant,
  method: string,
  path: string,
  init: {
    body?: unknown
    token?: string | null
    headers?: Record<string, string>
    raw?: string
  } = {},
): Promise<ApiCall> {
  const token = init.token === undefined ? tenant.token : init.token
  const headers: Record<string, string> = { ...init.headers }
  if (token !== null) headers.authorization = `Bearer ${token}`
  let body: string | undefined = init.raw
  if (init.body !== undefined) {
    headers['content-type'] ??= 'application/json'
    body = JSON.stringify(init.body)
  }
  const res = await fetch(`${tenant.domain}/api/v2${path}`, { method, headers, body })
  const text = await res.text()
  let parsed: unknown = undefined
  try {
    parsed = text === '' ? undefined : JSON.parse(text)
  } catch {
    parsed = text
  }
  return { status: res.status, body: parsed, text, headers: res.headers }
}

export const userPath = (id: string) => `/users/${encodeURIComponent(id)}`

/** Creates a user with a valid password and returns its body; throws unless 201. */
export async function createUser(
  tenant: TestTenant,
  fields: Record<string, unknown>,
): Promise<ApiCall['body']> {
  const res = await api(tenant, 'POST', '/users', {
    body: { connection: tenant.connection, password: 'Passw0rd!x', ...fields },
  })
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`)
  return res.body
}

/** A clock tests move by hand. */
export function manualClock(start = Date.parse('2025-06-01T12:00:00.000Z')) {
  let t = start
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms
    },
  }
}
