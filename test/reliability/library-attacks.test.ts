import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js'
import { InvalidArgument, InvalidLookup } from '../../src/index.js'
import { cliEnv, runCli } from './support/cli.js'
import { connect, PASSWORD, RecordingLogger } from './support/tenant.js'

/**
 * The library half of the adversarial review (issue 11), replayed against a real emulator and
 * the real CLI: each of these went through before the fix.
 */
let tenant: RunningEmulator
let cwd: string
const THEIRS = 'admin@theirs.test'

beforeAll(async () => {
  tenant = await startEmulator({ port: 0, connections: ['db', 'other'] })
  cwd = await mkdtemp(join(tmpdir(), 'auth0plus-attacks-'))
  const auth0 = connect(tenant)
  await auth0.users.create({ email: THEIRS, password: PASSWORD, connection: 'other' })
  await auth0.users.create({ email: 'ours@db.test', password: PASSWORD, connection: 'db' })
})
afterAll(async () => {
  await tenant.stop()
  await rm(cwd, { recursive: true, force: true })
})

describe('a raw q cannot escape the connection scope', () => {
  const escape = 'user_id:none) OR email:admin@theirs.test OR (user_id:none'

  it('the CLI refuses it before any request, and the other connection’s user stays', async () => {
    const run = await runCli(['delete', '--q', escape, '--yes'], cliEnv(tenant), cwd)
    expect(run.code).not.toBe(0)
    expect(run.stdout + run.stderr).toContain('does not parse')
    expect(run.stdout + run.stderr).not.toContain('1 user')
    const auth0 = connect(tenant)
    const theirs = await auth0.users.query({ email: THEIRS }, { connection: null }).count()
    expect(theirs).toBe(1)
  })

  it('the library refuses it with InvalidLookup, sending nothing', async () => {
    const logger = new RecordingLogger()
    const auth0 = connect(tenant, { logger })
    expect(() => auth0.users.query({ q: escape })).toThrow(InvalidLookup)
    expect(logger.attempts).toBe(0)
  })
})

describe('ids that would change the path never leave the library', () => {
  it.each([['.'], ['..'], ['']])('get, delete, save and refresh of %j', async (id) => {
    const logger = new RecordingLogger()
    const auth0 = connect(tenant, { logger })
    await expect(auth0.users.get(id)).rejects.toThrow(InvalidArgument)
    await expect(auth0.users.delete(id)).rejects.toThrow(InvalidArgument)
    const user = auth0.users.objects.hydrate({ user_id: id })
    await expect(user.delete()).rejects.toThrow(InvalidArgument)
    await expect(user.refresh()).rejects.toThrow(InvalidArgument)
    expect(logger.attempts).toBe(0)
    // Both users are still there.
    expect(await auth0.users.all({ connection: null }).count()).toBe(2)
  })
})
