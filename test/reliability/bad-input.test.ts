/**
 * Bad input: fuzzed lookup values find exactly the user holding them (and no near miss), every
 * invalid argument of the public API is a typed error before any request, and the emulator
 * answers a seeded batch of malformed requests without a 5xx and keeps serving.
 */
import { createServer as createTcpServer, connect as tcpConnect, type Server } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../../src/emulator/index.js'
import {
  Auth0,
  Auth0PlusError,
  InvalidArgument,
  InvalidLookup,
  Q,
  User,
  type Lookup,
} from '../../src/index.js'
import { printFigures } from './support/figures.js'
import { rng, SEED, type Rng } from './support/prng.js'
import { startTap } from './support/tap.js'
import { connect, PASSWORD } from './support/tenant.js'

const figures = { requests: 0, users: 0, cases: 0 }
afterAll(() =>
  printFigures({
    suite: 'bad input',
    requests: figures.requests,
    users: figures.users,
    extra: `cases=${figures.cases}, seed=${SEED}`,
  }),
)

// Lucene operators and specials, quotes, backslashes, operator words, whitespace of every kind
// and unicode that is astral, combining, invisible or changes length when cased.
const PIECES = [
  ...'+-&|!(){}[]^"~*?:\\/',
  '&&',
  '||',
  "'",
  '<',
  '>',
  ' ',
  '\t',
  '\u00a0',
  '\u3000',
  'AND',
  'OR',
  'NOT',
  'TO',
  ' AND ',
  ' OR ',
  'NOT ',
  '\\"',
  '\\\\',
  '\\*',
  'é',
  'e\u0301',
  '😀',
  '𝔘𝔫',
  '中文',
  '\u200b',
  'ß',
  'İ',
  'ﬁ',
  'Ω',
]
const LETTERS = [...'abcxyzABZ0189_.@,;%#$=']

function fuzzValue(r: Rng): string {
  let out = ''
  for (let n = 1 + r.int(10); n > 0; n--) out += r.next() < 0.5 ? r.pick(LETTERS) : r.pick(PIECES)
  // Whitespace-only or a lone "*" are not values anyone stores or searches for.
  return out.trim() === '' || /^\*+$/.test(out) ? `${out}x` : out
}

/** Searchable fields and whether Auth0 matches them case-insensitively. */
const FIELDS: { path: string; caseless: boolean }[] = [
  { path: 'name', caseless: true },
  { path: 'given_name', caseless: true },
  { path: 'family_name', caseless: true },
  { path: 'nickname', caseless: true },
  { path: 'app_metadata.x', caseless: false },
  { path: 'user_metadata.x', caseless: false },
]

function withField(path: string, value: string): Record<string, unknown> {
  const [root, key] = path.split('.')
  return key === undefined ? { [root!]: value } : { [root!]: { [key]: value } }
}

describe('the lookup builder, fuzzed against the emulator', () => {
  it('finds the user created with each random value, exactly and only it', async () => {
    const r = rng(SEED)
    console.log(`[reliability] lookup fuzz seed ${SEED} (replay: RELIABILITY_SEED=${SEED})`)
    const fold = (caseless: boolean, text: string) => (caseless ? text.toLowerCase() : text)
    const targets = Array.from({ length: 60 }, (_, i) => ({
      i,
      field: FIELDS[i % FIELDS.length]!,
      value: fuzzValue(r),
    }))
    // Per field, the values some target holds: no decoy may hold one, no two targets share one.
    const taken = new Map(FIELDS.map((field) => [field.path, new Set<string>()]))
    const cases = targets.flatMap(({ i, field, value }) => {
      const held = taken.get(field.path)!
      if (held.has(fold(field.caseless, value))) return []
      held.add(fold(field.caseless, value))
      return [{ i, field, value }]
    })
    const withDecoys = cases.map(({ i, field, value }) => {
      const chars = [...value]
      const nearMisses = [
        `${value}z`,
        `z${value}`,
        chars.slice(0, -1).join(''),
        `${value} `,
        value.replaceAll('\\', ''),
        value.replaceAll('"', "'"),
        field.caseless ? '' : value.toUpperCase(),
        field.caseless ? '' : value.toLowerCase(),
      ].filter(
        (decoy) => decoy.trim() !== '' && !taken.get(field.path)!.has(fold(field.caseless, decoy)),
      )
      return { i, field, value, decoys: [...new Set(nearMisses)] }
    })
    const seeds = withDecoys.flatMap(({ i, field, value, decoys }) => [
      { email: `target-${i}@fuzz.test`, ...withField(field.path, value) },
      ...decoys.map((decoy, j) => ({
        email: `decoy-${i}-${j}@fuzz.test`,
        ...withField(field.path, decoy),
      })),
    ])
    const tenant = await startEmulator({ port: 0, users: seeds })
    const tap = await startTap(tenant)
    try {
      const users = connect(tenant, {}, tap.domain).users
      const wrong: string[] = []
      for (const { i, field, value } of cases) {
        // A `*` in a plain value is a wildcard; __exact matches it literally.
        const key = value.includes('*') ? `${field.path}__exact` : field.path
        const lookup: Lookup = { [key]: value }
        const q = String(Q(lookup))
        const found = await users.query(lookup).toArray()
        const emails = found.map((user) => user.email)
        if (emails.length !== 1 || emails[0] !== `target-${i}@fuzz.test`) {
          wrong.push(`${JSON.stringify(lookup)} → q=${q} found ${JSON.stringify(emails)}`)
        }
      }
      expect(wrong, `seed ${SEED}`).toEqual([])
      figures.requests += tap.counts.api
      figures.users += seeds.length
      figures.cases += cases.length
    } finally {
      await tap.stop()
      await tenant.stop()
    }
  }, 30_000)
})

/** A TCP listener that counts connection attempts: any request at all would open one. */
async function listener(): Promise<{ server: Server; domain: string; connections: () => number }> {
  let connections = 0
  const server = createTcpServer((socket) => {
    connections++
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { server, domain: `http://127.0.0.1:${port}`, connections: () => connections }
}

describe('invalid arguments across the public API', () => {
  it('each is a typed error, thrown before any request', async () => {
    const target = await listener()
    const auth0 = new Auth0(target.domain, {
      clientId: 'id',
      clientSecret: 'secret-secret',
      defaultConnection: 'db',
    })
    const users = auth0.users
    const qs = users.query({ email: '*@acdc.com' })
    const calls: [string, () => unknown, typeof InvalidArgument | typeof InvalidLookup][] = [
      ['Auth0 without credentials', () => new Auth0(target.domain, {}), InvalidArgument],
      ['Auth0 empty token', () => new Auth0(target.domain, ''), InvalidArgument],
      ['Auth0 timeout 0', () => new Auth0(target.domain, 't', { timeout: 0 }), InvalidArgument],
      [
        'Auth0 maxRetries -1',
        () => new Auth0(target.domain, 't', { maxRetries: -1 }),
        InvalidArgument,
      ],
      [
        'Auth0 concurrency 1.5',
        () => new Auth0(target.domain, 't', { concurrency: 1.5 }),
        InvalidArgument,
      ],
      [
        'Auth0 empty connection',
        () => new Auth0(target.domain, 't', { defaultConnection: '' }),
        InvalidArgument,
      ],
      ['Auth0.fromEnv({})', () => Auth0.fromEnv({}), InvalidArgument],
      ['get("")', () => users.get(''), InvalidArgument],
      ['get(42)', () => users.get(42 as never), InvalidArgument],
      ['get(null)', () => users.get(null as never), InvalidArgument],
      ['get unknown field', () => users.get({ shoe_size: 44 }), InvalidLookup],
      ['delete("")', () => users.delete(''), InvalidArgument],
      ['create("x")', () => users.create('x' as never), InvalidArgument],
      ['getOrCreate(null)', () => users.getOrCreate(null as never), InvalidArgument],
      [
        'getOrCreate defaults 5',
        () => users.getOrCreate({ email: 'a@b.c', defaults: 5 as never }),
        InvalidArgument,
      ],
      ['updateOrCreate bad lookup', () => users.updateOrCreate({ email__in: [] }), InvalidLookup],
      ['query null value', () => users.query({ email: null as never }), InvalidLookup],
      ['query undefined value', () => users.query({ email: undefined as never }), InvalidLookup],
      ['query NaN', () => users.query({ logins_count: Number.NaN }), InvalidLookup],
      ['query lone surrogate', () => users.query({ name: 'a\uD800' }), InvalidLookup],
      ['query Django suffix', () => users.query({ name__contains: 'x' }), InvalidLookup],
      ['query metadata wildcard', () => users.query({ user_metadata__x: 'a*' }), InvalidLookup],
      ['query user_metadata range', () => users.query({ user_metadata__x__gte: 1 }), InvalidLookup],
      ['query empty range', () => users.query({ logins_count__range: [5, 1] }), InvalidLookup],
      ['query "?" wildcard', () => users.query({ name: 'a?b*' }), InvalidLookup],
      ['query short suffix', () => users.query({ email: '*@x' }), InvalidLookup],
      ['query bad metadata key', () => users.query({ 'app_metadata.a b': 1 }), InvalidLookup],
      ['query object value', () => users.query({ name: {} as never }), InvalidLookup],
      ['query page param', () => users.query({}, { page: 1 } as never), InvalidArgument],
      ['query v1 engine', () => users.query({}, { search_engine: 'v1' as never }), InvalidArgument],
      ['query bad sort', () => users.all({ sort: 'created_at' }), InvalidArgument],
      ['query include_fields false', () => users.all({ include_fields: false }), InvalidArgument],
      ['slice(-1)', () => qs.slice(-1), InvalidArgument],
      ['slice(1.5)', () => qs.slice(1.5), InvalidArgument],
      ['at(-1)', () => qs.at(-1), InvalidArgument],
      ['orderBy metadata', () => qs.orderBy('user_metadata.x'), InvalidArgument],
      ['orderBy injection', () => qs.orderBy('name:1&x=1'), InvalidArgument],
      ['only()', () => qs.only(), InvalidArgument],
      ['only("a b")', () => qs.only('a b'), InvalidArgument],
      ['filter after slice', () => qs.slice(0, 5).filter({ name: 'x' }), InvalidArgument],
      ['Q({ email__in: [] })', () => Q({ email__in: [] }), InvalidLookup],
      ['Q.raw(5)', () => Q.raw(5 as never), InvalidLookup],
      ['Q({}).not()', () => Q({}).not(), InvalidLookup],
      ['Q("text")', () => Q('email:x' as never), InvalidLookup],
      ['update({})', () => qs.update({}), InvalidArgument],
      ['update password', () => qs.update({ password: PASSWORD }), InvalidArgument],
      ['update email', () => qs.update({ email: 'same@acdc.com' }), InvalidArgument],
      ['update user_id', () => qs.update({ user_id: 'auth0|1' } as never), InvalidArgument],
      ['update unknown field', () => qs.update({ shoe_size: 44 } as never), InvalidArgument],
      ['delete(bad onProgress)', () => qs.delete({ onProgress: 5 as never }), InvalidArgument],
      ['delete(bad signal)', () => qs.delete({ signal: {} as never }), InvalidArgument],
      [
        'new user, empty password',
        () => new users({ email: 'a@b.c', password: '' }),
        InvalidArgument,
      ],
      ['User never bound: save', () => new User({ email: 'a@b.c' }).save(), InvalidArgument],
    ]
    const untyped: string[] = []
    for (const [name, call] of calls) {
      let error: unknown
      try {
        await call()
      } catch (e) {
        error = e
      }
      if (!(error instanceof Auth0PlusError)) untyped.push(`${name}: ${String(error)}`)
      else if (!(error instanceof InvalidArgument || error instanceof InvalidLookup)) {
        untyped.push(`${name}: ${error.name} (${error.message})`)
      }
    }
    expect(untyped).toEqual([])
    for (const [name, call, type] of calls) {
      await expect(Promise.resolve().then(call), name).rejects.toBeInstanceOf(type)
    }
    expect(target.connections()).toBe(0)
    figures.cases += calls.length
    target.server.close()
  })
})

/** Writes raw bytes on a fresh socket and resolves with whatever came back before it closed. */
function rawExchange(port: number, bytes: Buffer | string): Promise<string> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1', () => socket.end(bytes))
    let answer = ''
    socket.setTimeout(2000, () => socket.destroy())
    socket.on('data', (chunk) => (answer += chunk.toString()))
    socket.on('close', () => resolve(answer))
    socket.on('error', () => resolve(answer))
  })
}

function randomJson(r: Rng, depth = 0): unknown {
  const pick = r.int(depth > 3 ? 5 : 7)
  if (pick === 0) return null
  if (pick === 1) return r.next() < 0.5
  if (pick === 2) return r.int(2 ** 31) - 2 ** 30
  if (pick === 3) return fuzzValue(r)
  if (pick === 4) return ['connection', 'email', 'password', 'user_metadata', 'blocked'][r.int(5)]
  if (pick === 5) return Array.from({ length: r.int(4) }, () => randomJson(r, depth + 1))
  const keys = [
    'connection',
    'email',
    'password',
    'name',
    'user_metadata',
    'app_metadata',
    'blocked',
    'user_id',
    'identities',
    fuzzValue(r),
  ]
  return Object.fromEntries(
    Array.from({ length: r.int(5) }, () => [r.pick(keys), randomJson(r, depth + 1)]),
  )
}

describe('the emulator under a seeded batch of malformed requests', () => {
  it('answers each in Auth0 shape, never with a 5xx, and keeps serving', async () => {
    const tenant = await startEmulator({ port: 0 })
    const auth0 = connect(tenant)
    try {
      const keeper = await auth0.users.create({ email: 'keeper@robust.test', password: PASSWORD })
      const victim = await auth0.users.create({ email: 'victim@robust.test', password: PASSWORD })
      const tokenRes = await fetch(`${tenant.domain}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: tenant.clientId,
          client_secret: tenant.clientSecret,
          audience: `https://127.0.0.1:${tenant.port}/api/v2/`,
        }),
      })
      const { access_token: token } = (await tokenRes.json()) as { access_token: string }
      const r = rng(SEED ^ 0xbad)
      const methods = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS']
      const contentTypes = [
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin1',
        '',
      ]
      const paths = () =>
        r.pick([
          '/api/v2/users',
          `/api/v2/users/${encodeURIComponent(victim.user_id!)}`,
          `/api/v2/users/${encodeURIComponent(fuzzValue(r))}`,
          `/api/v2/users?q=${encodeURIComponent(fuzzValue(r))}`,
          `/api/v2/users?q=${encodeURIComponent(fuzzValue(r))}&sort=${encodeURIComponent(fuzzValue(r))}&per_page=${r.int(300) - 50}`,
          `/api/v2/users?fields=${encodeURIComponent(fuzzValue(r))}&include_fields=${fuzzValue(r)}`,
          `/api/v2/users-by-email?email=${encodeURIComponent(fuzzValue(r))}`,
          `/api/v2/${encodeURIComponent(fuzzValue(r))}`,
          '/api/v2/jobs/users-exports',
          `/api/v2/users/%${fuzzValue(r).slice(0, 2)}`,
          '/oauth/token',
        ])
      const serverErrors: string[] = []
      const badShapes: string[] = []
      let sent = 0
      for (let batch = 0; batch < 10; batch++) {
        await Promise.all(
          Array.from({ length: 30 }, async () => {
            const method = r.pick(methods)
            const path = paths()
            const type = r.pick(contentTypes)
            const raw = r.next() < 0.3
            const body =
              method === 'GET' || method === 'OPTIONS'
                ? undefined
                : raw
                  ? fuzzValue(r)
                  : JSON.stringify(randomJson(r))
            const headers: Record<string, string> = {}
            if (r.next() < 0.9)
              headers.authorization = `Bearer ${r.next() < 0.9 ? token : fuzzValue(r).replace(/[^\x21-\x7e]/g, 'x')}`
            if (type) headers['content-type'] = type
            sent++
            const res = await fetch(`${tenant.domain}${path}`, { method, headers, body })
            const text = await res.text()
            if (res.status >= 500) serverErrors.push(`${method} ${path} → ${res.status} ${text}`)
            else if (res.status >= 400 && !/"(statusCode|error)"/.test(text)) {
              badShapes.push(`${method} ${path} → ${res.status} ${text.slice(0, 100)}`)
            }
          }),
        )
      }
      // Garbage on the wire: random bytes, broken request lines, bodies cut short.
      for (let i = 0; i < 20; i++) {
        const bytes = Buffer.from(Array.from({ length: 1 + r.int(300) }, () => r.int(256)))
        await rawExchange(
          tenant.port,
          i % 2 === 0
            ? bytes
            : `POST /api/v2/users HTTP/1.1\r\nHost: x\r\nContent-Length: ${r.int(10_000)}\r\n\r\n${fuzzValue(r)}`,
        )
        sent++
      }

      expect(serverErrors).toEqual([])
      expect(badShapes).toEqual([])
      // Still serving: reads, a search, a write, and the untouched user is intact.
      const again = await auth0.users.get(keeper.user_id!)
      expect(again.toJSON()).toEqual(keeper.toJSON())
      expect(await auth0.users.query({ email: 'keeper@robust.test' }).count()).toBe(1)
      const fresh = await auth0.users.create({ email: 'after@robust.test', password: PASSWORD })
      expect((await auth0.users.get({ email: 'after@robust.test' })).user_id).toBe(fresh.user_id)
      figures.requests += sent
      figures.cases += sent
    } finally {
      await tenant.stop()
    }
  }, 30_000)
})
