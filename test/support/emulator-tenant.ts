import { afterAll, beforeAll } from 'vitest'
import { Auth0, type Auth0Options } from '../../src/index.js'
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../src/emulator/index.js'

/**
 * Starts an emulator on 127.0.0.1, port 0, for the enclosing test file, and stops it after.
 * `tenant()` is the running emulator; `connect()` a client with its credentials.
 */
export function useEmulator(options: EmulatorOptions = {}) {
  let running: RunningEmulator | undefined
  beforeAll(async () => {
    running = await startEmulator({ port: 0, ...options })
  })
  afterAll(async () => {
    await running?.stop()
  })
  const tenant = (): RunningEmulator => {
    if (!running) throw new Error('The emulator is not running yet.')
    return running
  }
  const connect = (extra: Auth0Options = {}) =>
    new Auth0(tenant().domain, {
      clientId: tenant().clientId,
      clientSecret: tenant().clientSecret,
      defaultConnection: tenant().connection,
      ...extra,
    })
  return { tenant, connect }
}

let counter = 0
/** An e-mail no other test uses. */
export function uniqueEmail(name: string): string {
  counter++
  return `${name}.${process.pid}.${counter}@acdc.test`
}
