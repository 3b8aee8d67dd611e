import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Auth0, type Auth0Options } from 'auth0plus'
import { startEmulator, type EmulatorOptions, type RunningEmulator } from 'auth0plus/emulator'
import type { AuthSettings } from '../src/authenticate.js'
import { SERVICE_API, SERVICE_AUDIENCE, serviceAdminRole } from '../src/dev-tenant.js'
import { createUserService } from '../src/server.js'
import { FRONT_END, tokenFor, type Credentials } from './login.js'

/** The connection staff log in with; the service manages another one (the tenant's default). */
export const STAFF_CONNECTION = 'staff'
/**
 * A person allowed to use the service: a seeded user of {@link STAFF_CONNECTION} who holds the
 * service's admin role (every permission of its API).
 */
export const OPERATOR: Credentials = {
  email: 'operator@staff.example',
  password: 'Op3rator-Passw0rd!',
}

/** One answer of the service, read whole. */
export interface Answer {
  status: number
  headers: Headers
  text: string
  /** The parsed JSON body (undefined when empty). */
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read answers freely
}

/** A running emulator, a library connection to it and the service in front, on ports 0. */
export interface Stack {
  url: string
  tenant: RunningEmulator
  /**
   * The operator's access token for the service's API (every permission); `call` sends it by
   * default.
   */
  token: string
  /** Every line the service and the library logged, with their fields as JSON. */
  logs: string[]
  /** Every answer's status, headers and text, for the no-secret checks. */
  answers: string[]
  /**
   * One request to the service, with `Authorization: Bearer <token>` unless `headers` holds an
   * `authorization` of its own (`''` sends none).
   */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer>
  stop(): Promise<void>
}

export interface StackOptions {
  emulator?: EmulatorOptions
  /** Library options, and a domain override (to point at a tenant that is not there). */
  auth0?: Auth0Options & { domain?: string }
  /** The service's token checks; the tenant's issuer and {@link SERVICE_AUDIENCE} by default. */
  auth?: Partial<AuthSettings>
}

/**
 * The emulator gets, on top of `options.emulator`: a {@link STAFF_CONNECTION}, the
 * {@link OPERATOR} in it, the {@link FRONT_END} app that logs people in, and the service's
 * API with a role holding its permissions, given to the operator.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const emulator = options.emulator ?? {}
  const tenant = await startEmulator({
    port: 0,
    ...emulator,
    connections: [
      ...(emulator.connections ?? ['Username-Password-Authentication']),
      STAFF_CONNECTION,
    ],
    users: [...(emulator.users ?? []), { ...OPERATOR, connection: STAFF_CONNECTION }],
    clients: [...(emulator.clients ?? []), FRONT_END],
    resourceServers: [...(emulator.resourceServers ?? []), SERVICE_API],
    roles: [...(emulator.roles ?? []), serviceAdminRole([OPERATOR.email])],
  })
  const logs: string[] = []
  const answers: string[] = []
  const record = (line: string, fields?: Record<string, unknown>) =>
    logs.push(fields ? `${line} ${JSON.stringify(fields)}` : line)
  const { domain, ...auth0Options } = options.auth0 ?? {}
  const auth0 = new Auth0(domain ?? tenant.domain, {
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
    defaultConnection: tenant.connection,
    logger: { debug: record },
    ...auth0Options,
  })
  const server = createUserService({
    auth0,
    auth: { issuer: `${tenant.domain}/`, audience: SERVICE_AUDIENCE, ...options.auth },
    logger: { info: record, error: record },
  })
  const token = await tokenFor(tenant, OPERATOR)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const sent: Record<string, string> = { authorization: `Bearer ${token}`, ...headers }
    if (sent.authorization === '') delete sent.authorization
    const init: RequestInit = { method, headers: sent }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      init.headers = { 'content-type': 'application/json', ...sent }
    }
    const res = await fetch(`${url}${path}`, init)
    const text = await res.text()
    answers.push(`${res.status} ${JSON.stringify([...res.headers])} ${text}`)
    return {
      status: res.status,
      headers: res.headers,
      text,
      body: text ? JSON.parse(text) : undefined,
    }
  }

  return {
    url,
    tenant,
    token,
    logs,
    answers,
    call,
    async stop() {
      await close(server)
      await tenant.stop()
    },
  }
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** A password the emulator's default ("fair") policy accepts. */
export const PASSWORD = 'Tr1cky-Passw0rd!'
