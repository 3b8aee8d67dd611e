import { describe, expect, it } from 'vitest'
import { api, manualClock, startTenant, userPath } from './helpers.js'

const limits = (headers: Headers) => ({
  limit: Number(headers.get('x-ratelimit-limit')),
  remaining: Number(headers.get('x-ratelimit-remaining')),
})

describe('RBAC rate limits', () => {
  it('takes tokens from the global bucket, with headers, and 429s when it is empty', async () => {
    const clock = manualClock()
    const tenant = await startTenant({ rateLimit: { burst: 2, perSecond: 1 }, now: clock.now })
    try {
      const first = await api(tenant, 'GET', '/roles')
      expect(limits(first.headers)).toEqual({ limit: 2, remaining: 1 })
      await api(tenant, 'GET', '/resource-servers')
      const refused = await api(tenant, 'POST', '/roles', { body: { name: 'x' } })
      expect(refused.body).toMatchObject({ statusCode: 429, errorCode: 'too_many_requests' })
      clock.advance(1000)
      expect((await api(tenant, 'GET', '/client-grants')).status).toBe(200)
    } finally {
      await tenant.stop()
    }
  })

  it("on essentials, a user's roles count against users_read; /roles against no endpoint bucket", async () => {
    const clock = manualClock()
    const tenant = await startTenant({
      rateLimit: 'essentials',
      now: clock.now,
      users: [{ email: 'essential@example.com' }],
    })
    try {
      const [user] = (await api(tenant, 'GET', '/users')).body
      const roles = await api(tenant, 'GET', `${userPath(user.user_id)}/roles`)
      expect(limits(roles.headers)).toEqual({ limit: 40, remaining: 38 })
      const list = await api(tenant, 'GET', '/roles')
      expect(list.headers.get('x-ratelimit-limit')).toBeNull()
    } finally {
      await tenant.stop()
    }
  })
})

describe('a role with thousands of users', () => {
  it('takes 1000 per POST and pages them all by checkpoint, in assignment order, past the offset cap', async () => {
    const clock = manualClock()
    // Seeds with their own ids: a tenant would read these from an export, past the search cap.
    const everyone = Array.from(
      { length: 2500 },
      (_, i) => `bulk${String(2500 - i).padStart(4, '0')}`,
    )
    const users = everyone.map((id) => ({ user_id: id, email: `${id}@example.com` }))
    const tenant = await startTenant({ users, now: clock.now })
    try {
      const role = (await api(tenant, 'POST', '/roles', { body: { name: 'bulk' } })).body
      const batches: string[][] = []
      for (let i = 0; i < everyone.length; i += 1000) {
        batches.push(everyone.slice(i, i + 1000).map((id) => `auth0|${id}`))
      }
      for (const batch of batches) {
        const res = await api(tenant, 'POST', `/roles/${role.id}/users`, { body: { users: batch } })
        expect(res.status).toBe(200)
        clock.advance(1000)
      }

      const seen: string[] = []
      let next: string | undefined
      let requests = 0
      do {
        const from = next === undefined ? '' : `&from=${encodeURIComponent(next)}`
        const page = (await api(tenant, 'GET', `/roles/${role.id}/users?take=100${from}`)).body
        seen.push(...page.users.map((u: { user_id: string }) => u.user_id))
        next = page.next
        requests++
      } while (next !== undefined)
      expect(requests).toBe(25)
      // Batch by batch (assignment time), then by user id within a batch.
      expect(seen).toEqual(batches.flatMap((batch) => [...batch].sort()))

      const capped = await api(tenant, 'GET', `/roles/${role.id}/users?per_page=100&page=10`)
      expect(capped.body).toMatchObject({ statusCode: 400, errorCode: 'invalid_paging' })
      const totals = await api(
        tenant,
        'GET',
        `/roles/${role.id}/users?per_page=1&include_totals=true`,
      )
      expect(totals.body.total).toBe(2500)
    } finally {
      await tenant.stop()
    }
  }, 60_000)
})

describe('hostile ids in bodies', () => {
  it('treats prototype keys as unknown users, roles and grants', async () => {
    const tenant = await startTenant({ users: [{ email: 'proto@example.com' }] })
    try {
      const [user] = (await api(tenant, 'GET', '/users')).body
      const role = (await api(tenant, 'POST', '/roles', { body: { name: 'proto' } })).body
      for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
        const members = await api(tenant, 'POST', `/roles/${role.id}/users`, {
          body: { users: [id] },
        })
        expect(members.status).toBe(404)
        const roles = await api(tenant, 'POST', `${userPath(user.user_id)}/roles`, {
          body: { roles: [id] },
        })
        expect(roles.status).toBe(404)
        expect((await api(tenant, 'GET', `/client-grants/${id}`)).status).toBe(404)
        expect((await api(tenant, 'GET', `/roles/${id}/users`)).status).toBe(404)
        const perms = await api(tenant, 'POST', `${userPath(user.user_id)}/permissions`, {
          body: { permissions: [{ resource_server_identifier: id, permission_name: id }] },
        })
        expect(perms.status).toBe(404)
      }
      const named = await api(tenant, 'POST', '/roles', { body: { name: '__proto__' } })
      expect(named.status).toBe(200)
      expect((await api(tenant, 'GET', '/roles?name_filter=__proto__')).body).toEqual([
        { id: named.body.id, name: '__proto__', description: '' },
      ])
      const api1 = await api(tenant, 'POST', '/resource-servers', {
        body: { identifier: 'constructor', scopes: [{ value: '__proto__' }] },
      })
      expect(api1.status).toBe(201)
      const granted = await api(tenant, 'POST', `/roles/${named.body.id}/permissions`, {
        body: {
          permissions: [
            { resource_server_identifier: 'constructor', permission_name: '__proto__' },
          ],
        },
      })
      expect(granted.status).toBe(201)
      expect((await api(tenant, 'GET', `/roles/${named.body.id}/permissions`)).body).toHaveLength(1)
      const control = await api(tenant, 'POST', '/resource-servers', {
        body: { identifier: 'a\nb' },
      })
      expect(control.status).toBe(400)
    } finally {
      await tenant.stop()
    }
  })
})
