import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bandTenant, runCli, scratchDir } from './run-cli.js'

let band: Awaited<ReturnType<typeof bandTenant>>

beforeAll(async () => {
  band = await bandTenant()
})
afterAll(() => band.tenant.stop())

/** The e-mails of a role's users, sorted. */
async function holders(name: string): Promise<string[]> {
  const role = await band.auth0.roles.get({ name })
  return (await role.users.all().toArray()).map((user) => user.email!).sort()
}

const lines = async (path: string) =>
  (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)

describe('auth0plus users add-role|remove-role', { timeout: 120_000 }, () => {
  it('previews, then assigns to the users it changes, backs them up, and the backup undoes it', async () => {
    const role = await band.auth0.roles.create({ name: 'rhythm' })
    const brian = await band.auth0.users.get({ email: 'brian@acdc.com' })
    await brian.roles.add(role)
    const acdc = ['--where', 'user_metadata.band=AC/DC']

    const preview = await runCli(['add-role', 'rhythm', ...acdc], band.env)
    expect(preview.code).toBe(3)
    expect(preview.stdout).toContain('3 users match')
    expect(preview.stdout).toContain(`Role: rhythm (${role.id}).`)
    expect(preview.stdout).toContain('Re-run with --yes')
    const dry = await runCli(['add-role', 'rhythm', ...acdc, '--yes', '--dry-run'], band.env)
    expect(dry.code).toBe(0)
    const capped = await runCli(['add-role', 'rhythm', ...acdc, '--yes', '--max', '2'], band.env)
    expect(capped.code).toBe(3)
    expect(await holders('rhythm')).toEqual(['brian@acdc.com'])

    const dir = await scratchDir()
    const backup = join(dir, 'added.jsonl')
    const done = await runCli(
      ['add-role', 'rhythm', ...acdc, '--yes', '--backup', backup],
      band.env,
    )
    expect(done.code).toBe(0)
    expect(done.stdout).toMatch(
      /matched: +3\nassigned: +2\nskipped: +1\n +auth0\|\w+ +holds the role already\nfailed: +0/,
    )
    expect(await holders('rhythm')).toEqual(['angus@acdc.com', 'bon@acdc.com', 'brian@acdc.com'])
    const saved = await lines(backup)
    expect(saved.map((line) => line.email).sort()).toEqual(['angus@acdc.com', 'bon@acdc.com'])
    expect(saved[0]).toMatchObject({ role_id: role.id, role_name: 'rhythm', change: 'add-role' })

    // Undo: only the two it added lose the role; Brian held it before and keeps it.
    const undo = await runCli(
      [
        'remove-role',
        role.id!,
        '--from-backup',
        backup,
        '--yes',
        '--backup',
        join(dir, 'undo.jsonl'),
      ],
      band.env,
    )
    expect(undo.code).toBe(0)
    expect(undo.stdout).toContain('2 users listed in')
    expect(undo.stdout).toMatch(/unassigned: +2/)
    expect(await holders('rhythm')).toEqual(['brian@acdc.com'])
  })

  it('removes with a --json summary, and add-role --from-backup puts the role back', async () => {
    const role = await band.auth0.roles.create({ name: 'lead' })
    for (const email of ['angus@acdc.com', 'freddie@queen.com']) {
      await (await band.auth0.users.get({ email })).roles.add(role)
    }
    const dir = await scratchDir()
    const backup = join(dir, 'removed.jsonl')
    const removed = await runCli(
      ['remove-role', 'lead', '--email', '*@acdc.com', '--yes', '--json', '--backup', backup],
      band.env,
    )
    expect(removed.code).toBe(0)
    expect(JSON.parse(removed.stdout)).toMatchObject({
      action: 'remove-role',
      status: 'done',
      matched: 3,
      unassigned: 1,
      failed: [],
      notAttempted: [],
      backup,
    })
    expect(await holders('lead')).toEqual(['freddie@queen.com'])
    expect((await lines(backup)).map((line) => line.email)).toEqual(['angus@acdc.com'])

    const restored = await runCli(['add-role', 'lead', '--from-backup', backup, '--yes'], band.env)
    expect(restored.code).toBe(0)
    expect(await holders('lead')).toEqual(['angus@acdc.com', 'freddie@queen.com'])
  })

  it('shows progress, lists each failure and exits 1 when the tenant refuses a user', async () => {
    await band.auth0.roles.create({ name: 'keys' })
    const angus = await band.auth0.users.get({ email: 'angus@acdc.com' })
    const dir = await scratchDir()
    const listed = join(dir, 'listed.jsonl')
    await writeFile(listed, `${JSON.stringify({ user_id: 'auth0|ghost' })}\n`)
    const ghost = await runCli(['add-role', 'keys', '--from-backup', listed, '--yes'], band.env)
    expect(ghost.code).toBe(1)
    expect(ghost.stdout).toMatch(/assigned: +0\n(.*\n)*failed: +1\n +auth0\|ghost +\S/)
    expect(ghost.stderr).toMatch(/assigned/) // the progress lines

    const removed = await runCli(
      ['remove-role', 'keys', '--user-id', angus.user_id!, '--yes'],
      band.env,
    )
    expect(removed.code).toBe(0)
    expect(removed.stdout).toMatch(
      /unassigned: +0\nskipped: +1\n +auth0\|\w+ +does not hold the role/,
    )
    expect(removed.stdout).not.toContain('backup:')
  })

  it('refuses, before any request that writes, an unknown role or no selection', async () => {
    await band.auth0.roles.create({ name: 'drums' })
    const unknown = await runCli(['add-role', 'bass', '--email', '*@acdc.com', '--yes'], band.env)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toBe(
      'auth0plus users: usage: there is no role "bass" (by name or id).\n',
    )
    const everyone = await runCli(['add-role', 'drums', '--yes'], band.env)
    expect(everyone.code).toBe(2)
    expect(everyone.stderr).toContain('add --everyone')
    expect(await holders('drums')).toEqual([])
  })
})
