#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { Command } from 'commander'
import { registerEmulatorCommand } from './emulator-command.js'
import { registerDoctestsCommand } from './doctests-command.js'
import { EXIT, exitCodesHelp } from './exit-codes.js'
import { setGlobalFlags, type GlobalFlags } from './global-flags.js'
import { registerLoginCommands } from './login-command.js'
import { registerRolesCommand } from './roles-command.js'
import { registerUsersCommand } from './users-command.js'

// A closed pipe (`| head -1`) is the reader saying it has enough: end quietly, as `cat` does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok)
  })
}

// `../../package.json` from both src/cli and dist/cli.
const { version } = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string }

const program = new Command('auth0plus')
  .description(
    'Auth0 users from a shell: a local tenant emulator, executable docs and bulk user work.',
  )
  .version(version, '-V, --version', 'print the version of auth0plus')
  // Not `--env-file`: Node 20 takes that for its own option wherever it appears in argv.
  .option('--env <file>', 'read the tenant settings from this file instead of ./.env')
  .option('--debug', 'log each Management API request to stderr (no secrets)')
  .addHelpText('after', `\n${exitCodesHelp(['ok', 'failed', 'usage', 'notDone', 'interrupted'])}`)
  // Misuse exits 2 everywhere (commander's default is 1, which must mean "something failed");
  // set before the commands are added, so every one of them inherits it.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage))
  .hook('preAction', (_program, action) => setGlobalFlags(action.optsWithGlobals<GlobalFlags>()))

registerEmulatorCommand(program)
registerDoctestsCommand(program)
registerLoginCommands(program)
registerUsersCommand(program)
registerRolesCommand(program)

await program.parseAsync()
