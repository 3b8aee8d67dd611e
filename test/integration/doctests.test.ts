import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RunUsers, runDoctests } from '../../src/doctest/index.js'
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js'

const root = resolve(import.meta.dirname, '../..')

/** README.md and every doctests/*.md, as `npm run doctests` runs them. */
const docs = [
  'README.md',
  ...readdirSync(join(root, 'doctests'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `doctests/${name}`),
]

describe('the executable docs', () => {
  let tenant: RunningEmulator
  beforeAll(async () => {
    tenant = await startEmulator({ port: 0 })
  })
  afterAll(async () => {
    await tenant.stop()
  })

  it('README.md and every doctests/*.md pass against the emulator', async () => {
    const env = {
      DOMAIN: tenant.domain,
      CLIENT_ID: tenant.clientId,
      CLIENT_SECRET: tenant.clientSecret,
      CONNECTION: tenant.connection,
    }
    const users = new RunUsers({ env })
    const report: string[] = []
    const result = await runDoctests({
      files: docs.map((file) => join(root, file)),
      env,
      globals: (file) => ({ ...users.globalsFor(file) }),
      reporter: (line) => report.push(line),
    })
    // On failure, the runner's own report (file, line, expected and actual) is the message.
    if (!result.ok) expect.fail(`\n${report.join('\n')}`)
    expect(result.files.map((file) => [file.file, file.failed])).toEqual(
      docs.map((file) => [file, 0]),
    )
    expect(result.checked).toBeGreaterThanOrEqual(40)
  }, 120_000)
})
