import { Auth0 } from 'auth0plus'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './stack.js'

// The service manages `db`; `other` belongs to someone else, and holds an admin.
const MINE = { email: 'mine@x.test', connection: 'db', user_metadata: { team: 'red' } }
const THEIRS = {
  email: 'theirs@x.test',
  connection: 'other',
  name: 'Their Admin',
  user_metadata: { team: 'red' },
  app_metadata: { roles: ['admin'] },
}

let stack: Stack
let admin: Auth0
let theirId: string
let theirPath: string
beforeAll(async () => {
  stack = await startStack({ emulator: { connections: ['db', 'other'], users: [MINE, THEIRS] } })
  admin = new Auth0(stack.tenant.domain, {
    clientId: stack.tenant.clientId,
    clientSecret: stack.tenant.clientSecret,
  })
  const theirs = await admin.users.get({ email: THEIRS.email })
  theirId = theirs.user_id!
  theirPath = `/users/${encodeURIComponent(theirId)}`
})
afterAll(() => stack.stop())

async function list(q: string): Promise<{ status: number; emails: string[]; message: string }> {
  const res = await stack.call('GET', `/users?q=${encodeURIComponent(q)}`)
  const emails = (res.body.users ?? []).map((user: { email: string }) => user.email)
  return { status: res.status, emails, message: res.body.message }
}

describe('GET /users?q= stays in the connection', () => {
  it("refuses the review's q, which closed the scope's parenthesis (400, no other user)", async () => {
    const attack = await list('user_id:none) OR email:theirs@x.test OR (user_id:none')
    expect(attack.status).toBe(400)
    expect(attack.message).toBe("'q' is not a lucene query this service accepts.")
    expect(attack.emails).toEqual([])
  })

  it('refuses other shapes that could reach past a group: escapes, regexes, empty groups', async () => {
    for (const q of [
      'email:theirs@x.test\\',
      'email:/x)/ OR email:theirs@x.test',
      '()',
      '"unterminated',
      'a'.repeat(1025),
    ]) {
      const { status, emails } = await list(q)
      expect(status, q).toBe(400)
      expect(emails).toEqual([])
    }
  })

  it('applies the scope to a whole OR, and to a q that names the other connection', async () => {
    expect((await list('email:theirs@x.test OR email:mine@x.test')).emails).toEqual(['mine@x.test'])
    expect((await list('user_metadata.team:"red"')).emails).toEqual(['mine@x.test'])
    expect((await list('identities.connection:"other"')).emails).toEqual([])
    expect((await list('(email:theirs@x.test) OR (email:mine@x.test)')).emails).toEqual([
      'mine@x.test',
    ])
  })
})

describe('by-id operations stay in the connection', () => {
  const unknown = { statusCode: 404, error: 'Not Found', message: 'No user has this id.' }

  it('answers 404 to GET for a user of another connection, as for a missing one', async () => {
    const res = await stack.call('GET', theirPath)
    expect(res.status).toBe(404)
    expect(res.body).toEqual(unknown)
  })

  it('answers 404 to PATCH and changes nothing', async () => {
    const res = await stack.call('PATCH', theirPath, {
      name: 'Pwned',
      user_metadata: { team: 'x' },
    })
    expect(res.status).toBe(404)
    expect(res.body).toEqual(unknown)
    const stored = await admin.users.get(theirId)
    expect(stored.name).toBe('Their Admin')
    expect(stored.user_metadata).toEqual({ team: 'red' })
  })

  it('answers 404 to DELETE and deletes nothing', async () => {
    const res = await stack.call('DELETE', theirPath)
    expect(res.status).toBe(404)
    expect(res.body).toEqual(unknown)
    expect((await admin.users.get(theirId)).email).toBe(THEIRS.email)
  })

  it('still serves its own users by id', async () => {
    const mine = await admin.users.get({ email: MINE.email })
    const res = await stack.call('GET', `/users/${encodeURIComponent(mine.user_id!)}`)
    expect(res.status).toBe(200)
    expect(res.body.email).toBe(MINE.email)
  })
})
