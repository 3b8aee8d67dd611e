import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { resolveTenant } from '../../../src/auth/tenant-address.js'
import { NetworkError, TimeoutError } from '../../../src/errors.js'
import { ListTokens, testClient } from './fixtures.js'

/** A real loopback server: resets and stalls are what sockets do, not what a mock says. */
let server: Server
let origin: string
let handler: (req: IncomingMessage, res: ServerResponse, hit: number) => void = () => undefined
let hits = 0

beforeAll(async () => {
  nock.disableNetConnect()
  nock.enableNetConnect('127.0.0.1')
  server = createServer((req, res) => {
    hits++
    req.resume()
    req.on('end', () => handler(req, res, hits))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterEach(() => {
  hits = 0
  server.closeAllConnections()
})

afterAll(async () => {
  nock.enableNetConnect()
  await new Promise((resolve) => server.close(resolve))
})

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function client(options: Parameters<typeof testClient>[0] = {}) {
  return testClient({ address: resolveTenant(origin), tokens: new ListTokens(), ...options })
}

describe('HttpClient on real sockets', () => {
  it('retries a GET after the server resets the connection', async () => {
    handler = (req, res, hit) => (hit === 1 ? req.socket.destroy() : json(res, 200, { ok: true }))
    const { http, delays } = client()
    expect((await http.request({ method: 'GET', path: '/users/u1' })).data).toEqual({ ok: true })
    expect(hits).toBe(2)
    expect(delays).toHaveLength(1)
    http.close()
  })

  it('does not re-send a POST after a reset: it may have been applied', async () => {
    handler = (req) => req.socket.destroy()
    const { http, delays } = client()
    const err = await http
      .request({ method: 'POST', path: '/users', body: { email: 'a@b.c' } })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect(err).toMatchObject({ code: 'ECONNRESET', method: 'POST', path: '/users' })
    expect(hits).toBe(1)
    expect(delays).toEqual([])
    http.close()
  })

  it('times out a stalled answer and retries it only for idempotent methods', async () => {
    handler = () => undefined // never answers
    const { http, delays } = client({ timeout: 40, maxRetries: 2 })
    await expect(http.request({ method: 'DELETE', path: '/users/u1' })).rejects.toThrow(
      TimeoutError,
    )
    expect(hits).toBe(3)
    expect(delays).toHaveLength(2)
    hits = 0
    await expect(http.request({ method: 'POST', path: '/users', body: {} })).rejects.toThrow(
      'POST /users: timed out after 40 ms',
    )
    expect(hits).toBe(1)
    http.close()
  })

  it('times out a body that trickles in past the deadline', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('[')
    }
    const { http } = client({ timeout: 40, maxRetries: 0 })
    await expect(http.request({ method: 'GET', path: '/users' })).rejects.toThrow(TimeoutError)
    http.close()
  })

  it('reports a refused connection, retried even for POST', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const { http, delays } = testClient({
      address: resolveTenant(`http://127.0.0.1:${port}`),
      maxRetries: 2,
    })
    await expect(http.request({ method: 'POST', path: '/users', body: {} })).rejects.toMatchObject({
      name: 'NetworkError',
      code: 'ECONNREFUSED',
    })
    expect(delays).toHaveLength(2)
    http.close()
  })
})
