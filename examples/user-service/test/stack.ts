import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Auth0, type Auth0Options } from 'auth0plus'
import { startEmulator, type EmulatorOptions, type RunningEmulator } from 'auth0plus/emulator'
import { createUserService } from '../src/server.js'

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
  /** Every line the service and the library logged, with their fields as JSON. */
  logs: string[]
  /** Every answer's status, headers and text, for the no-secret checks. */
  answers: string[]
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
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const tenant = await startEmulator({ port: 0, ...options.emulator })
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
  const server = createUserService({ auth0, logger: { info: record, error: record } })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const init: RequestInit = { method, headers: { ...headers } }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      init.headers = { 'content-type': 'application/json', ...headers }
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
