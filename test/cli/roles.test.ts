import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bandTenant, finished, scratchDir, startMain } from './run-cli.js'

let band: Awaited<ReturnType<typeof bandTenant>>
const API = 'https://reports.acdc.test'

beforeAll(async () => {
  band = await bandTenant()
  await band.auth0.resourceServers.create({
    identifier: API,
    name: 'Reports',
    scopes: [{ value: 'read:reports' }, { value: 'edit:reports' }],
  })
})
afterAll(() => band.tenant.stop())

/** `auth0plus ARGS...` against the band tenant, in a directory of its own. */
const main = async (...args: string[]) => finished(startMain(args, band.env, await scratchDir()))

describe('auth0plus roles list|create|delete', { timeout: 60_000 }, () => {
  it('creates a role, lists it, refuses a second of the same name', async () => {
    const created = await main('roles', 'create', 'roadie', '--description', 'Carries amps')
    expect(created.code).toBe(0)
    expect(created.stdout).toMatch(/^Created role roadie \(rol_\w+\)\.\n$/)
    const role = await band.auth0.roles.get({ name: 'roadie' })
    expect(role.description).toBe('Carries amps')

    const again = await main('roles', 'create', 'roadie')
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/^auth0plus roles: .*409/)

    const table = await main('roles', 'list')
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^name\s+id\s+description\n/)
    expect(table.stdout).toMatch(/roadie\s+rol_\w+\s+Carries amps/)
    const json = await main('roles', 'list', '--json', '--name', 'road')
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([{ id: role.id, name: 'roadie', description: 'Carries amps' }])
  })

  it('deletes only with --yes, after showing who holds the role; an unknown role is exit 2', async () => {
    const role = await band.auth0.roles.create({ name: 'tour-manager' })
    const angus = await band.auth0.users.get({ email: 'angus@acdc.com' })
    await angus.roles.add(role)

    const preview = await main('roles', 'delete', 'tour-manager')
    expect(preview.code).toBe(3)
    expect(preview.stdout).toContain(`Role tour-manager (${role.id}): 1 user hold it.`)
    expect(preview.stdout).toContain(`${angus.user_id}  angus@acdc.com`)
    expect(preview.stdout).toContain('Re-run with --yes')
    const dry = await main('roles', 'delete', role.id!, '--yes', '--dry-run')
    expect(dry.code).toBe(0)
    expect(await band.auth0.roles.query({ name: 'tour-manager' }).count()).toBe(1)

    const done = await main('roles', 'delete', role.id!, '--yes')
    expect(done.code).toBe(0)
    expect(done.stdout).toContain(`Deleted role tour-manager (${role.id}).`)
    expect(await band.auth0.roles.query({ name: 'tour-manager' }).count()).toBe(0)
    expect(await angus.roles.all().count()).toBe(0)

    const unknown = await main('roles', 'delete', 'tour-manager', '--yes')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toBe(
      'auth0plus roles: usage: there is no role "tour-manager" (by name or id).\n',
    )
  })
})

describe('auth0plus users roles <user_id>', { timeout: 60_000 }, () => {
  it("shows the user's roles and permissions with their sources", async () => {
    const singer = await band.auth0.roles.create({ name: 'singer' })
    await singer.permissions.add({
      resource_server_identifier: API,
      permission_name: 'edit:reports',
    })
    const bon = await band.auth0.users.get({ email: 'bon@acdc.com' })
    await bon.roles.add(singer)
    await bon.permissions.add({ resource_server_identifier: API, permission_name: 'read:reports' })

    const text = await main('users', 'roles', bon.user_id!)
    expect(text.code).toBe(0)
    expect(text.stdout).toBe(
      [
        `Roles of ${bon.user_id} (bon@acdc.com):`,
        `  singer  ${singer.id}`,
        'Permissions:',
        `  ${API}  edit:reports  (role singer)`,
        `  ${API}  read:reports  (direct)`,
        '',
      ].join('\n'),
    )
    const json = await main('users', 'roles', bon.user_id!, '--json')
    expect(JSON.parse(json.stdout)).toEqual({
      user_id: bon.user_id,
      roles: [{ id: singer.id, name: 'singer', description: '' }],
      permissions: [
        {
          resource_server_identifier: API,
          permission_name: 'edit:reports',
          sources: ['role singer'],
        },
        { resource_server_identifier: API, permission_name: 'read:reports', sources: ['direct'] },
      ],
    })

    const freddie = await band.auth0.users.get({ email: 'freddie@queen.com' })
    const none = await main('users', 'roles', freddie.user_id!)
    expect(none.stdout).toBe(
      `Roles of ${freddie.user_id} (freddie@queen.com):\n  (none)\nPermissions:\n  (none)\n`,
    )
    const missing = await main('users', 'roles', 'auth0|nobody')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^auth0plus users: DoesNotExist/)
  })
})
