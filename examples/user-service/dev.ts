/**
 * One command for local development: a fresh emulated tenant with a few demo users, and the
 * service pointed at it. `npx tsx examples/user-service/dev.ts` (PORT, default 3000).
 * Nothing touches a real tenant, and `.env` is not read.
 */
import { startEmulator } from 'auth0plus/emulator'
import { readConfig } from './src/config.js'
import { serve } from './src/serve.js'

const DEMO_USERS = [
  { email: 'angus@acdc.example', given_name: 'Angus', user_metadata: { band: 'AC/DC' } },
  { email: 'bon@acdc.example', given_name: 'Bon', user_metadata: { band: 'AC/DC' } },
  { email: 'brian@queen.example', given_name: 'Brian', user_metadata: { band: 'Queen' } },
]

const tenant = await startEmulator({ port: 0, users: DEMO_USERS })
try {
  const config = readConfig({
    DOMAIN: tenant.domain,
    CLIENT_ID: tenant.clientId,
    CLIENT_SECRET: tenant.clientSecret,
    CONNECTION: tenant.connection,
    PORT: process.env.PORT,
    HOST: process.env.HOST,
  })
  const { url: base } = await serve(config, () => tenant.stop())
  console.log(`emulated tenant at ${tenant.domain} with ${DEMO_USERS.length} demo users; try:`)
  console.log(`  curl '${base}/users?email=b*'`)
  console.log(
    `  curl -X POST ${base}/users -H 'content-type: application/json' -d '{"email":"new@example.com","password":"Secr3t-pass"}'`,
  )
  console.log('Ctrl-C stops both.')
} catch (error) {
  await tenant.stop()
  console.error(`user-service: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
