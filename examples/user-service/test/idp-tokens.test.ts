import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './stack.js'

// A user whose identities carry an identity provider's tokens, as Auth0 returns them to a
// client holding read:user_idp_tokens (the emulator's default client holds it).
const IDP_ACCESS = 'ya29.idp-access-token-of-the-person'
const IDP_REFRESH = '1//idp-refresh-token-of-the-person'
const SOCIAL = {
  email: 'social@example.com',
  identities: [
    {
      provider: 'auth0',
      user_id: '5f0c0ffee0c0ffee0c0ffee0',
      connection: 'Username-Password-Authentication',
      isSocial: false,
    },
    {
      provider: 'google-oauth2',
      user_id: '103547991597142817347',
      connection: 'google-oauth2',
      isSocial: true,
      access_token: IDP_ACCESS,
      refresh_token: IDP_REFRESH,
      access_token_secret: 'oauth1-secret',
    },
  ],
}

let stack: Stack
beforeAll(async () => {
  stack = await startStack({ emulator: { users: [SOCIAL] } })
})
afterAll(() => stack.stop())

describe("identity providers' tokens", () => {
  it('are left out of every answer, the rest of the identity kept', async () => {
    const listed = await stack.call('GET', '/users?email=social@example.com')
    expect(listed.body.total).toBe(1)
    const id: string = listed.body.users[0].user_id
    const read = await stack.call('GET', `/users/${encodeURIComponent(id)}`)
    const patched = await stack.call('PATCH', `/users/${encodeURIComponent(id)}`, { name: 'S' })
    for (const res of [listed, read, patched]) {
      expect(res.status).toBe(200)
      expect(res.text).not.toContain(IDP_ACCESS)
      expect(res.text).not.toContain(IDP_REFRESH)
      expect(res.text).not.toContain('oauth1-secret')
    }
    expect(read.body.identities[1]).toEqual({
      provider: 'google-oauth2',
      user_id: '103547991597142817347',
      connection: 'google-oauth2',
      isSocial: true,
    })
  })
})
