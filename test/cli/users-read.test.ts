import { createServer as createHttpServer } from 'node:http'
import { createServer, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bandTenant, runCli, SECRET } from './run-cli.js'

let tenant: Awaited<ReturnType<typeof bandTenant>>

beforeAll(async () => {
  tenant = await bandTenant()
})
afterAll(() => tenant.tenant.stop())

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)

describe.concurrent('auth0plus users count', { timeout: 60_000 }, () => {
  it('prints the number of matching users, and nothing else', async () => {
    const all = await runCli(['count'], tenant.env)
    expect(all).toMatchObject({ code: 0, stdout: '4\n', stderr: '' })
    const acdc = await runCli(
      ['count', '--where', 'user_metadata.band=AC/DC', '--where', 'logins_count__gte=5'],
      tenant.env,
    )
    expect(acdc.stdout).toBe('2\n')
    const wildcard = await runCli(
      ['count', '--email', '*@acdc.com', '--exclude', 'email=bon@acdc.com'],
      tenant.env,
    )
    expect(wildcard.stdout).toBe('2\n')
    const lucene = await runCli(
      ['count', '--q', 'app_metadata.role:"singer"', '--all-connections'],
      tenant.env,
    )
    expect(lucene.stdout).toBe('1\n')
  })

  // Before: a misspelt CONNECTION counted "0" and exited 0, as if the connection were empty.
  it('says an unknown CONNECTION is unknown, instead of counting 0 users', async () => {
    const typo = await runCli(['count'], { ...tenant.env, CONNECTION: 'Username-Pasword' })
    expect(typo.code).toBe(1)
    expect(typo.stdout).toBe('')
    expect(typo.stderr).toContain('the tenant has no connection named "Username-Pasword"')
    const flag = await runCli(['delete', '--everyone', '--connection', 'nope'], tenant.env)
    expect(flag.code).toBe(1)
    expect(flag.stderr).toContain('no connection named "nope"')
    // A real connection with no matching user is still 0.
    const none = await runCli(['count', '--email', 'nobody@nowhere.test'], tenant.env)
    expect(none).toMatchObject({ code: 0, stdout: '0\n' })
  })
})

describe.concurrent('auth0plus users count: an odd answer', { timeout: 60_000 }, () => {
  it('fails clearly, in one line, when the tenant answers a total that is not a number', async () => {
    // A stand-in tenant: any token, and a search answer whose total is not a number.
    const server = createHttpServer((req, res) => {
      res.setHeader('content-type', 'application/json')
      if (req.url?.startsWith('/oauth/token')) {
        res.end(JSON.stringify({ access_token: 'opaque', token_type: 'Bearer', expires_in: 3600 }))
      } else {
        res.end(JSON.stringify({ users: [], start: 0, limit: 0, length: 0, total: 'lots' }))
      }
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    try {
      const { port } = server.address() as { port: number }
      const run = await runCli(['count'], { ...tenant.env, DOMAIN: `http://127.0.0.1:${port}` })
      expect(run.stdout).toBe('')
      expect(run.stderr).toBe(
        'auth0plus users: UnexpectedAnswer: Auth0 answered a page with a non-numeric total where a page of users with a numeric total was expected.\n',
      )
      expect(run.code).toBe(1)
    } finally {
      server.close()
    }
  })
})

describe.concurrent('auth0plus users list', { timeout: 60_000 }, () => {
  it('prints a table of the default columns', async () => {
    const run = await runCli(['list', '--email', '*@acdc.com'], tenant.env)
    expect(run.code).toBe(0)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^user_id\s+email\s+name\s+created_at\s+logins_count$/)
    expect(lines[1]).toMatch(/^-+ {2}-+/)
    expect(lines.slice(2).map((line) => line.split(/\s+/)[1])).toEqual([
      'angus@acdc.com',
      'bon@acdc.com',
      'brian@acdc.com',
    ])
    expect(run.stderr).toBe('3 users\n')
  })

  it('prints whole users as JSON lines, or only --fields, and honours --limit', async () => {
    const whole = jsonLines(
      (await runCli(['list', '--json', '--where', 'user_metadata.band=Queen'], tenant.env)).stdout,
    )
    expect(whole).toHaveLength(1)
    expect(whole[0]).toMatchObject({
      email: 'freddie@queen.com',
      logins_count: 9,
      user_metadata: { band: 'Queen' },
    })
    expect(whole[0]!.user_id).toMatch(/^auth0\|/)

    const run = await runCli(
      ['list', '--json', '--fields', 'email,user_metadata.band', '--limit', '2'],
      tenant.env,
    )
    // Nested as in the user, not keyed by the dotted names.
    expect(jsonLines(run.stdout)).toEqual([
      { email: 'angus@acdc.com', user_metadata: { band: 'AC/DC' } },
      { email: 'bon@acdc.com', user_metadata: { band: 'AC/DC' } },
    ])
    const table = await runCli(
      ['list', '--fields', 'email,logins_count', '--where', 'logins_count__lt=3'],
      tenant.env,
    )
    expect(table.stdout.trimEnd().split('\n')).toEqual([
      'email         logins_count',
      '------------  ------------',
      'bon@acdc.com  2',
    ])
  })
})

describe.concurrent('auth0plus users export', { timeout: 60_000 }, () => {
  it('streams every user of the tenant from the export job', async () => {
    const run = await runCli(['export', '--json', '--all-connections'], tenant.env)
    expect(run.code).toBe(0)
    const users = jsonLines(run.stdout)
    expect(users.map((user) => user.email).sort()).toEqual(await tenant.emails())
    expect(users[0]).toHaveProperty('user_metadata')
  })

  it('exports with --fields, as a table', async () => {
    const run = await runCli(
      ['export', '--all-connections', '--fields', 'email,user_metadata.band'],
      tenant.env,
    )
    expect(run.code).toBe(0)
    const rows = run.stdout.trimEnd().split('\n').slice(2).sort()
    expect(rows).toEqual([
      'angus@acdc.com     AC/DC',
      'bon@acdc.com       AC/DC',
      'brian@acdc.com     AC/DC',
      'freddie@queen.com  Queen',
    ])
  })
})

describe.concurrent('bad flags', { timeout: 60_000 }, () => {
  let server: Server
  let connections = 0
  let env: Record<string, string>

  beforeAll(async () => {
    // Any request at all would open a connection here.
    server = createServer((socket) => {
      connections++
      socket.destroy()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as { port: number }
    env = {
      DOMAIN: `http://127.0.0.1:${port}`,
      CLIENT_ID: 'id',
      CLIENT_SECRET: SECRET,
      CONNECTION: 'db',
    }
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it.each([
    [['count', '--where', 'shoe_size=44'], 'is not a field Auth0 can search'],
    [['count', '--where', 'blocked=maybe'], 'blocked takes true or false'],
    [['count', '--where', 'nokey'], '--where takes key=value'],
    [['count', '--frobnicate'], "unknown option '--frobnicate'"],
    [['list', '--limit', 'ten'], 'Not a non-negative integer'],
    [['export', '--email', 'a@b.c'], "unknown option '--email'"],
    [['delete', '--yes'], 'add --everyone'],
    [['update', '--email', 'a@b.c', '--yes'], 'update needs what to change'],
    [
      ['update', '--email', 'a@b.c', '--set', 'password=x', '--yes'],
      'passwords are not set in bulk',
    ],
    [['restore', 'whatever.jsonl'], 'Passwords cannot be restored'],
  ])('%j exits 2 before any request', async (args, message) => {
    const run = await runCli(args, env)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(message)
    expect(run.stdout).toBe('')
    expect(connections).toBe(0)
  })

  it('a missing tenant setting is a usage error too', async () => {
    const run = await runCli(['count'], { DOMAIN: 'x.eu.auth0.com' })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('needs CLIENT_ID, CLIENT_SECRET')
  })

  it('an Auth0 error exits 1 with its status and message, and no secret', async () => {
    const run = await runCli(['count'], { ...tenant.env, CLIENT_SECRET: `${SECRET}-wrong` })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^auth0plus users: .*401/)
  })
})
