import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveTenant } from '../../../src/auth/tenant-address.js'
import { HttpClient } from '../../../src/http/http-client.js'
import { ListTokens } from '../http/fixtures.js'

// This file deliberately does not load nock: its interceptor opens a new socket per request even
// when it passes a request through, which would hide keep-alive. Every request here goes to a
// server on 127.0.0.1 that the test starts itself.

let server: Server
let origin: string
let connections = 0

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('[]')
  })
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('HttpClient keep-alive', () => {
  it('reuses one connection for sequential requests', async () => {
    const http = new HttpClient({ address: resolveTenant(origin), tokens: new ListTokens() })
    for (let i = 0; i < 3; i++) await http.request({ method: 'GET', path: '/users' })
    expect(connections).toBe(1)
    http.close()
  })
})
