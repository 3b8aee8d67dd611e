import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import type { FaultOptions } from '../../src/emulator/index.js'
import { startTenant, type TestTenant } from './helpers.js'

/** One GET with node:http so a reset socket shows up as an error code, not a fetch TypeError. */
function get(tenant: TestTenant, path: string): Promise<{ status: number | string; body: string }> {
  return new Promise((resolve) => {
    const req = request(
      `${tenant.domain}/api/v2${path}`,
      { headers: { authorization: `Bearer ${tenant.token}` }, agent: false },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode!, body }))
      },
    )
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ status: err.code ?? 'error', body: '' }),
    )
    req.end()
  })
}

async function run(faults: FaultOptions, count: number) {
  const tenant = await startTenant({ faults })
  try {
    const outcomes = []
    for (let i = 0; i < count; i++) outcomes.push(await get(tenant, '/users?per_page=1'))
    return outcomes
  } finally {
    await tenant.stop()
  }
}

describe('faults', () => {
  it('fails the configured share of requests, the same way for the same seed', async () => {
    const faults: FaultOptions = {
      rate: 0.3,
      kinds: ['429', '500', '503', 'reset', 'slow'],
      seed: 42,
      slowMs: 20,
    }
    const first = await run(faults, 60)
    const second = await run(faults, 60)
    expect(second.map((o) => o.status)).toEqual(first.map((o) => o.status))
    const failed = first.filter((o) => o.status !== 200).length
    expect(failed).toBeGreaterThan(5)
    expect(failed).toBeLessThan(35)
    const other = await run({ ...faults, seed: 7 }, 60)
    expect(other.map((o) => o.status)).not.toEqual(first.map((o) => o.status))
  })

  it('answers each kind in Auth0 shape; reset destroys the socket', async () => {
    const one = async (kind: FaultOptions['kinds']) =>
      (await run({ rate: 1, kinds: kind, slowMs: 10 }, 1))[0]!
    expect(JSON.parse((await one(['429'])).body)).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Global limit has been reached',
      errorCode: 'too_many_requests',
    })
    expect(JSON.parse((await one(['500'])).body)).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'An internal server error occurred',
    })
    expect(JSON.parse((await one(['503'])).body)).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message:
        'The query exceeded the timeout. Please try refining your search criteria. See https://auth0.com/docs/best-practices/search-best-practices.',
    })
    expect((await one(['reset'])).status).toBe('ECONNRESET')
  })

  it('slow holds the request, then serves it normally', async () => {
    const started = Date.now()
    const [outcome] = await run({ rate: 1, kinds: ['slow'], slowMs: 150 }, 1)
    expect(outcome!.status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(150)
  })
})
