import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSdkClient } from './fixtures/run-sdk-client.js'
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js'

let tenant: RunningEmulator
let conId: string
let out: Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the child

beforeAll(async () => {
  tenant = await startEmulator({ port: 0, https: true })
  out = await runSdkClient(tenant, './sdk-import-client.ts', [], 40_000)
  conId = out.connectionId
}, 50_000)
afterAll(() => tenant.stop())

describe('the official auth0 Node SDK (v7) imports users from the emulator', () => {
  it('creates a job (202 pending), polls it to completed and reads its errors', () => {
    expect(out.created).toMatchObject({
      type: 'users_import',
      status: 'pending',
      connection_id: conId,
      connection: tenant.connection,
      external_id: 'sdk-batch',
    })
    expect(out.completed).toMatchObject({
      status: 'completed',
      summary: { failed: 1, updated: 0, inserted: 2, total: 3 },
    })
    expect(out.errors).toEqual([
      {
        user: { email: 'not-an-email' },
        errors: [
          {
            code: 'INVALID_FORMAT',
            message:
              "Error in email property - Object didn't pass validation for format email: not-an-email",
            path: 'email',
          },
        ],
      },
    ])
    expect(out.imported).toHaveLength(1)
    expect(out.imported[0]).toMatchObject({
      user_metadata: { source: 'sdk' },
      email_verified: false,
    })
  })

  it('reads a job without errors (204) and sees 400 and 413 as typed errors', () => {
    expect(out.noErrors ?? null).toBeNull()
    expect(out.badConnection).toMatchObject({
      name: 'BadRequestError',
      statusCode: 400,
      body: { errorCode: 'inexistent_connection' },
    })
    expect(out.tooLarge).toMatchObject({
      name: 'ContentTooLargeError',
      statusCode: 413,
      body: { message: 'Payload content length greater than maximum allowed: 512000.' },
    })
  })
})
