import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD, startStack, type Stack } from './stack.js'

const SECOND_PASSWORD = 'Sec0nd-Passw0rd!'
const WEAK_PASSWORD = 'weakpass'
// Short and unquoted, so that V8's JSON error message would quote it whole if passed on.
const BROKEN_JSON_PASSWORD = 'Pw-9x!'
const WRONG_SECRET = 'Wr0ng-Client-Secret-Value'

/** Everything a caller or a log collector could ever see from these stacks. */
const seen: string[] = []
const secrets: string[] = [
  PASSWORD,
  SECOND_PASSWORD,
  WEAK_PASSWORD,
  BROKEN_JSON_PASSWORD,
  WRONG_SECRET,
]
const stacks: Stack[] = []

async function stack(options: Parameters<typeof startStack>[0] = {}): Promise<Stack> {
  const started = await startStack(options)
  stacks.push(started)
  secrets.push(started.tenant.clientSecret, started.token)
  return started
}

beforeAll(async () => {
  // Every path that handles a password or the credentials, successful or not.
  const healthy = await stack()
  const created = await healthy.call('POST', '/users', {
    email: 'sec@example.com',
    password: PASSWORD,
  })
  const id = encodeURIComponent(created.body.user_id)
  await healthy.call('POST', '/users', { email: 'sec@example.com', password: SECOND_PASSWORD })
  await healthy.call('POST', '/users', { email: 'weak@example.com', password: WEAK_PASSWORD })
  await healthy.call('PATCH', `/users/${id}`, {
    password: SECOND_PASSWORD,
    email: 'sec2@example.com',
  })
  // Tokens refused: a forged one, one in the wrong place, one with the wrong scheme.
  await healthy.call('GET', '/users', undefined, { authorization: `Bearer ${healthy.token}x` })
  await healthy.call('GET', '/users', undefined, { authorization: `Basic ${healthy.token}` })
  await healthy.call('GET', '/users?q=a', undefined, { authorization: '' })
  await healthy.call('PATCH', `/users/${id}`, { password: 42 })
  await healthy.call(
    'POST',
    '/users',
    `{"email":"x@example.com","password": ${BROKEN_JSON_PASSWORD}}`,
  )
  await healthy.call('GET', '/users?email=sec*')

  // Auth0 failing while a password is in flight: the 5xx path logs the error.
  const failing = await stack({
    emulator: { faults: { rate: 1, kinds: ['500'] } },
    auth0: { maxRetries: 0 },
  })
  await failing.call('POST', '/users', { email: 'fail@example.com', password: PASSWORD })

  // Credentials Auth0 refuses.
  const refused = await stack({ auth0: { clientSecret: WRONG_SECRET } })
  await refused.call('GET', '/users')

  for (const each of stacks) seen.push(...each.logs, ...each.answers)
})

afterAll(async () => {
  await Promise.all(stacks.map((each) => each.stop()))
})

describe('no secret leaves the service', () => {
  it('exercised the risky paths (answers and log lines were captured)', () => {
    const statuses = stacks.flatMap((each) => each.answers.map((answer) => answer.slice(0, 3)))
    expect(statuses).toEqual([
      ...['201', '409', '400', '400', '401', '401', '401', '400', '400', '200'],
      ...['502', '502'],
    ])
    expect(stacks.flatMap((each) => each.logs).some((line) => line.includes('failed:'))).toBe(true)
  })

  it('never shows a password or a client secret, in any answer or log line', () => {
    for (const secret of secrets) {
      const leaks = seen.filter((text) => text.includes(secret))
      expect(leaks, `leaked ${secret}`).toEqual([])
    }
  })

  it('never shows an access token, nor any part of one', () => {
    // Auth0 tokens are JWTs: their first segment always starts with `eyJ`.
    expect(seen.filter((text) => /eyJ/.test(text))).toEqual([])
    for (const each of stacks) {
      const signature = each.token.split('.')[2]!
      expect(seen.filter((text) => text.includes(signature))).toEqual([])
    }
  })
})
