import { afterAll, beforeAll, expect, it } from 'vitest'
import { api, createUser, startTenant, tokenRequest, userPath, type TestTenant } from './helpers.js'

let tenant: TestTenant
beforeAll(async () => {
  tenant = await startTenant({ bruteForce: { threshold: 2 } })
})
afterAll(() => tenant.stop())

const grant = (password: string) =>
  tokenRequest(tenant, {
    grant_type: 'password',
    client_id: tenant.clientId,
    client_secret: tenant.clientSecret,
    username: 'gus@acdc.test',
    password,
  })

// The password grant shares the login page's log: the story of a login is in the user's logs.
it('logs s, fp and limit_wc for password grants, and mails the blocked-account notice', async () => {
  const user = await createUser(tenant, { email: 'gus@acdc.test', password: 'Passw0rd!gus' })
  expect((await grant('Passw0rd!gus')).status).toBe(200)
  expect((await grant('wrong-1')).status).toBe(403)
  expect((await grant('wrong-2')).status).toBe(429)
  expect((await grant('Passw0rd!gus')).status).toBe(429)
  const logs = await api(tenant, 'GET', `${userPath(user.user_id as string)}/logs?sort=date:1`)
  const types = (logs.body as { type: string }[]).map((event) => event.type)
  expect(types).toEqual(expect.arrayContaining(['s', 'fp', 'limit_wc']))
  expect(types.filter((type) => type === 'limit_wc')).toHaveLength(2)
  expect(tenant.outbox.list({ to: 'gus@acdc.test' }).map((mail) => mail.template)).toContain(
    'blocked_account',
  )
})
