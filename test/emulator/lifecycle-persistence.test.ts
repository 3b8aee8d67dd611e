import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { authorizeRequest, callbackParams, NATIVE_APP, submitLogin } from './authorize-helpers.js'
import { api, createUser, startTenant, userPath } from './helpers.js'

describe('the account lifecycle with a data file', () => {
  it('keeps what linking and the ticket pages change on users; tickets and logs stay in memory', async () => {
    const dataFile = join(await mkdtemp(join(tmpdir(), 'auth0plus-lifecycle-')), 'tenant.json')
    const first = await startTenant({ dataFile, clients: [NATIVE_APP] })
    const main = await createUser(first, { email: 'main@persist.test' })
    const other = await createUser(first, { email: 'other@persist.test' })
    await api(first, 'POST', `${userPath(main.user_id)}/identities`, {
      body: { provider: 'auth0', user_id: other.user_id },
    })
    const { ticket } = (
      await api(first, 'POST', '/tickets/password-change', {
        body: { user_id: main.user_id, mark_email_as_verified: true },
      })
    ).body
    const form = new URLSearchParams({
      password: 'Kept-Passw0rd',
      confirm_password: 'Kept-Passw0rd',
    })
    const set = await fetch(ticket.replace(/#$/, ''), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    })
    expect(set.status).toBe(200)
    const unused = (
      await api(first, 'POST', '/tickets/email-verification', { body: { user_id: main.user_id } })
    ).body.ticket
    await first.stop()

    const second = await startTenant({ dataFile, clients: [NATIVE_APP] })
    try {
      const kept = (await api(second, 'GET', userPath(main.user_id))).body
      expect(kept.identities).toHaveLength(2)
      expect(kept.email_verified).toBe(true)
      expect((await api(second, 'GET', userPath(other.user_id))).status).toBe(404)
      const login = await submitLogin(second, authorizeRequest(second).url, {
        email: 'main@persist.test',
        password: 'Kept-Passw0rd',
      })
      expect(callbackParams(login).get('code')).toBeTruthy()
      // In memory only: the old ticket (on the old port's origin) is unknown here.
      const path = new URL(unused).pathname + new URL(unused).search
      expect((await fetch(`${second.domain}${path}`)).status).toBe(400)
      expect((await api(second, 'GET', '/logs')).body.map((e: { type: string }) => e.type)).toEqual(
        ['s'],
      )
    } finally {
      await second.stop()
    }
  })
})
