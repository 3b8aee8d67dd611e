import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

/**
 * `npm run lint` enforces ARCHITECTURE.md: these lint deliberate violations, as if they were
 * files of src/, through the project's own eslint config, and expect the rule to fire.
 */
const eslint = new ESLint()

async function rulesFiredFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message)
}

describe('the layering check', () => {
  it('fails on an import against the direction (wire importing model)', async () => {
    const rules = await rulesFiredFor(
      'src/wire/probe.ts',
      "import { User } from '../model/user.js'\nexport const probe = User\n",
    )
    expect(rules).toContain('import-x/no-restricted-paths')
  })

  it('fails when the library imports the emulator, or the CLI a library internal', async () => {
    const fromLibrary = await rulesFiredFor(
      'src/query/probe.ts',
      "import { startEmulator } from '../emulator/index.js'\nexport const probe = startEmulator\n",
    )
    expect(fromLibrary).toContain('import-x/no-restricted-paths')
    const fromCli = await rulesFiredFor(
      'src/cli/probe.ts',
      "import { UsersApi } from '../api/users-api.js'\nexport const probe = UsersApi\n",
    )
    expect(fromCli).toContain('import-x/no-restricted-paths')
  })

  it('fails on an import cycle, even inside one layer', async () => {
    // single-clause.ts is imported (through q-node.ts) by q.ts: importing q.ts back closes a cycle.
    const rules = await rulesFiredFor(
      'src/query/single-clause.ts',
      "import { Q } from './q.js'\nexport const probe = Q\n",
    )
    expect(rules).toContain('import-x/no-cycle')
  })

  it('passes on the downward imports main has', async () => {
    const rules = await rulesFiredFor(
      'src/model/probe.ts',
      "import { UsersApi } from '../api/users-api.js'\nexport const probe = UsersApi\n",
    )
    expect(rules).toEqual([])
  })
})
