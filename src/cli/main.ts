#!/usr/bin/env node
import { Command } from 'commander'
import { registerEmulatorCommand } from './emulator-command.js'
import { registerDoctestsCommand } from './doctests-command.js'
import { registerLoginCommands } from './login-command.js'
import { registerUsersCommand } from './users-command.js'

const program = new Command('auth0plus').description(
  'Auth0 users from a shell: a local tenant emulator, executable docs and bulk user work.',
)
registerEmulatorCommand(program)
registerDoctestsCommand(program)
registerLoginCommands(program)
registerUsersCommand(program)

await program.parseAsync()
