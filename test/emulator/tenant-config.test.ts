import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js'
import { readDataFile } from './data-file-helpers.js'

const SPA = {
  clientId: 'shopSpa',
  appType: 'spa',
  grantTypes: ['password', 'refresh_token'],
  callbacks: ['http://localhost:3000/callback'],
  allowedLogoutUrls: ['http://localhost:3000/'],
} as const

async function passwordLogin(tenant: RunningEmulator, clientId: string) {
  const res = await fetch(`${tenant.domain}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'password',
      client_id: clientId,
      username: 'ann@acdc.test',
      password: 'Passw0rd!ann',
    }),
  })
  return res.status
}

describe('clients and connections in the data file', () => {
  it('keeps the configured clients and connections across restarts', async () => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'auth0plus-config-')), 'tenant.json')
    const first = await startEmulator({
      dataFile,
      clients: [SPA],
      connections: ['shop-users'],
      users: [{ email: 'ann@acdc.test', password: 'Passw0rd!ann', connection: 'shop-users' }],
    })
    expect(await passwordLogin(first, SPA.clientId)).toBe(200)
    await first.stop()
    const saved = await readDataFile(dataFile)
    expect(saved.connections).toEqual(['shop-users'])
    expect(saved.clients).toEqual([
      expect.objectContaining({ clientId: 'shopSpa', appType: 'spa', grantTypes: SPA.grantTypes }),
    ])
    expect(saved.clients[0].clientSecret).toBeUndefined()

    // No options this time: the file's clients and connections apply.
    const again = await startEmulator({ dataFile })
    expect(again.connection).toBe('shop-users')
    expect(await passwordLogin(again, SPA.clientId)).toBe(200)
    await again.stop()
  })

  it('reads clients added to the file by hand', async () => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'auth0plus-config-')), 'tenant.json')
    const seeded = await startEmulator({
      dataFile,
      users: [{ email: 'ann@acdc.test', password: 'Passw0rd!ann' }],
    })
    await seeded.stop()
    const state = await readDataFile(dataFile)
    state.clients = [{ clientId: 'handMade', appType: 'native', grantTypes: ['password'] }]
    await writeFile(dataFile, JSON.stringify(state))
    const tenant = await startEmulator({ dataFile })
    expect(await passwordLogin(tenant, 'handMade')).toBe(200)
    expect(await passwordLogin(tenant, 'nobody')).toBe(401)
    await tenant.stop()
  })

  it('refuses a connection with an unknown password policy at start', async () => {
    await expect(
      startEmulator({ connections: [{ name: 'x', passwordPolicy: '__proto__' as never }] }),
    ).rejects.toThrow('Invalid connection')
  })
})
