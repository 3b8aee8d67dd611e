import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSdkClient } from './fixtures/run-sdk-client.js'
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js'

let tenant: RunningEmulator
let out: Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the child

beforeAll(async () => {
  tenant = await startEmulator({ port: 0, https: true })
  out = await runSdkClient(tenant, './sdk-client.ts', [], 30_000)
}, 40_000)
afterAll(() => tenant.stop())

describe('the official auth0 Node SDK (v7) against the emulator over HTTPS', () => {
  it('serves HTTPS with the exposed certificate', () => {
    expect(tenant.domain).toBe(`https://127.0.0.1:${tenant.port}`)
    expect(tenant.caCert).toMatch(/^-----BEGIN CERTIFICATE-----/)
  })

  it('creates, gets, lists with q and include_totals, updates and looks up by email', () => {
    expect(out.created).toMatchObject({
      email: 'sdk.user@example.com',
      user_metadata: { team: 'a' },
    })
    expect(out.created.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/)
    expect(out.got).toEqual(out.created)
    expect(out.list.response).toMatchObject({ start: 0, limit: 50, length: 1, total: 1 })
    expect(out.list.data).toEqual([out.created])
    expect(out.updated).toMatchObject({ given_name: 'Sdk', user_metadata: { team: 'b' } })
    expect(out.byEmail).toEqual([out.updated])
  })

  it("sees Auth0's errors: duplicate, refused PATCH pair, paging past 1000, deleted user", () => {
    expect(out.duplicate).toEqual({
      name: 'ConflictError',
      statusCode: 409,
      body: {
        statusCode: 409,
        error: 'Conflict',
        message: 'The user already exists.',
        errorCode: 'auth0_idp_error',
      },
    })
    expect(out.refusedPair).toMatchObject({
      name: 'BadRequestError',
      statusCode: 400,
      body: { message: 'Cannot update password and email simultaneously' },
    })
    expect(out.pastCap).toMatchObject({
      name: 'BadRequestError',
      statusCode: 400,
      body: { errorCode: 'invalid_paging' },
    })
    expect(out.afterDelete).toMatchObject({
      name: 'NotFoundError',
      statusCode: 404,
      body: { errorCode: 'inexistent_user' },
    })
  })
})
