/**
 * No key from outside reaches a prototype: own keys only in the projection, the PATCH merge, the
 * search walk, the login rule and the export files; `__proto__` refused in bodies, seeds and
 * the data file. Each object below is built by JSON.parse, which keeps `__proto__` as an own key.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../src/emulator/api-error.js'
import { toCsv, toNdjson } from '../../src/emulator/export-format.js'
import { parseBody } from '../../src/emulator/http-io.js'
import { checkLoginRule } from '../../src/emulator/login-rule.js'
import { loadDataFile } from '../../src/emulator/data-file.js'
import { applyPatch } from '../../src/emulator/patch-user.js'
import { ConnectionRegistry } from '../../src/emulator/connections.js'
import { startEmulator } from '../../src/emulator/index.js'
import { toClient } from '../../src/emulator/clients.js'
import { compileQuery, projectFields } from '../../src/emulator/search/index.js'

const hostile = () =>
  JSON.parse(
    '{"user_id":"auth0|1","email":"a@b.c","user_metadata":{"x":1,"__proto__":{"roles":["cli"],"polluted":"yes"}},"app_metadata":{"team":"ops"}}',
  ) as Record<string, unknown>

const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort()
afterEach(() => {
  // Whatever a test did, Object.prototype must be untouched.
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
})

describe('prototype keys', () => {
  it('projectFields follows and writes own keys only', () => {
    const user = hostile()
    const picked = projectFields(
      user,
      ['user_metadata.x', 'user_metadata.__proto__.polluted', 'user_metadata.__proto__.roles'],
      true,
    ) as { user_metadata: Record<string, unknown> }
    expect(Object.getPrototypeOf(picked.user_metadata)).toBe(Object.prototype)
    expect(Object.hasOwn(picked.user_metadata, '__proto__')).toBe(true)
    expect(projectFields({ a: {} }, ['a.constructor.name', 'toString'], true)).toEqual({})
    const omitted = projectFields(user, ['user_metadata.__proto__'], false) as {
      user_metadata: object
    }
    expect(Object.hasOwn(omitted.user_metadata, '__proto__')).toBe(false)
  })

  it('the PATCH merge stores a __proto__ key as data, never as a prototype', () => {
    const connections = new ConnectionRegistry(['db'], 'fair')
    const user = {
      user_id: 'auth0|1',
      user_metadata: { a: 1 },
      updated_at: '2025-01-01T00:00:00.000Z',
    }
    const patch = JSON.parse(
      '{"user_metadata":{"__proto__":{"polluted":"yes"}},"__proto__":{"x":1}}',
    )
    const next = applyPatch(user, patch, connections, Date.now())
    const meta = next.user_metadata as Record<string, unknown>
    expect(Object.getPrototypeOf(meta)).toBe(Object.prototype)
    expect(meta.polluted).toBeUndefined()
    expect(Object.getPrototypeOf(next)).toBe(Object.prototype)
  })

  it('search reaches own keys only: _exists_ and terms on inherited names match nobody', () => {
    const users = [{ user_id: 'auth0|1', user_metadata: { plan: 'gold' }, identities: [{}] }]
    for (const q of [
      '_exists_:user_metadata.hasOwnProperty',
      '_exists_:user_metadata.constructor',
      '_exists_:user_metadata.__proto__',
      '_exists_:identities.toString',
      'user_metadata.constructor.name:Object',
    ]) {
      expect(users.filter(compileQuery(q)), q).toEqual([])
    }
  })

  it('the login rule never sees an inherited roles array', () => {
    const client = toClient({ clientId: 'app', appType: 'native', managementApi: true })
    const user = { app_metadata: Object.create({ roles: ['cli'] }) as object }
    expect(checkLoginRule({ role: 'cli' }, client, user)).toMatch(/Only users with the "cli" role/)
  })

  it('exports read and write own keys only', () => {
    const users = [{ user_id: 'auth0|1', user_metadata: {} }]
    const fields = [
      { name: 'user_metadata.constructor.name' },
      { name: 'user_id', export_as: '__proto__' },
    ]
    const line = JSON.parse(toNdjson(users, fields)) as Record<string, unknown>
    expect(line).toEqual(JSON.parse('{"__proto__":"auth0|1"}'))
    expect(toCsv(users, fields)).toBe('user_metadata.constructor.name,__proto__\n,"\'auth0|1"\n')
  })

  it('a JSON body with __proto__ anywhere is refused as hapi refuses it', () => {
    for (const raw of ['{"__proto__":{}}', '{"a":[{"b":{"__proto__":1}}]}']) {
      expect(() => parseBody(Buffer.from(raw), 'application/json')).toThrow(
        new ApiError(400, 'Invalid request payload JSON format'),
      )
    }
    // Form bodies have no prototype: the key is plain data.
    const form = parseBody(
      Buffer.from('__proto__=x&toString=y'),
      'application/x-www-form-urlencoded',
    )
    expect(Object.getPrototypeOf(form)).toBeNull()
    expect(Object.keys(form as object)).toEqual(['__proto__', 'toString'])
  })

  it('a data file or a seed holding __proto__ stops the start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auth0plus-proto-'))
    const path = join(dir, 'tenant.json')
    await writeFile(
      path,
      '{"format":"auth0plus-emulator","version":1,"users":[{"user_id":"auth0|1","user_metadata":{"__proto__":{"polluted":"yes"}}}]}',
    )
    await expect(loadDataFile(path)).rejects.toThrow(/__proto__/)
    await expect(startEmulator({ port: 0, dataFile: path })).rejects.toThrow(/__proto__/)
    await expect(
      startEmulator({ port: 0, users: [JSON.parse('{"email":"a@b.c","__proto__":{"x":1}}')] }),
    ).rejects.toThrow(/__proto__/)
  })

  it('a rateLimit preset named after an Object.prototype member is refused', async () => {
    await expect(startEmulator({ port: 0, rateLimit: 'constructor' as never })).rejects.toThrow(
      'Unknown rateLimit preset: constructor',
    )
  })

  it('a connection named after an Object.prototype member gets a real id', () => {
    const registry = new ConnectionRegistry(['constructor', 'toString'], 'fair')
    for (const connection of registry.all()) expect(connection.id).toMatch(/^con_[A-Za-z0-9]{16}$/)
  })
})
