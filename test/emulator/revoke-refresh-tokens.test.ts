import { afterAll, beforeAll, expect, it } from 'vitest'
import { api, createUser, startTenant, tokenRequest, userPath, type TestTenant } from './helpers.js'

let tenant: TestTenant
beforeAll(async () => {
  tenant = await startTenant()
})
afterAll(() => tenant.stop())

const grant = (body: Record<string, unknown>) =>
  tokenRequest(tenant, { client_id: tenant.clientId, client_secret: tenant.clientSecret, ...body })

// DELETE /users/{id}/refresh-tokens revokes what /oauth/token issued, for that user only.
it("revokes the user's refresh tokens, and only that user's", async () => {
  const refreshOf = async (email: string) => {
    await createUser(tenant, { email, password: 'Passw0rd!x' })
    const res = await grant({
      grant_type: 'password',
      username: email,
      password: 'Passw0rd!x',
      scope: 'openid offline_access',
    })
    return { token: (res.body as { refresh_token: string }).refresh_token, res }
  }
  const gus = await refreshOf('gus@revoke.test')
  const kim = await refreshOf('kim@revoke.test')
  const userId = (await api(tenant, 'GET', '/users-by-email?email=gus@revoke.test')).body[0].user_id
  const revoked = await api(tenant, 'DELETE', `${userPath(userId)}/refresh-tokens`)
  expect(revoked.status).toBe(202)
  expect(revoked.body).toEqual({})
  const refresh = (token: string) => grant({ grant_type: 'refresh_token', refresh_token: token })
  expect((await refresh(gus.token)).status).toBe(403)
  expect((await refresh(kim.token)).status).toBe(200)
})
