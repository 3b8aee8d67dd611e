/**
 * One command for local development: a fresh emulated tenant with a few demo users, a demo
 * operator, a front-end app and the service's API (RBAC on, a role with every permission held
 * by the operator), and the service pointed at it.
 * `npx tsx examples/user-service/dev.ts` (PORT, default 3000). Nothing touches a real tenant,
 * and `.env` is not read.
 */
import { startEmulator } from 'auth0plus/emulator'
import { readConfig } from './src/config.js'
import {
  DEV_APP,
  DEV_OPERATOR,
  DEV_STAFF_CONNECTION,
  SERVICE_API,
  SERVICE_AUDIENCE,
  serviceAdminRole,
} from './src/dev-tenant.js'
import { serve } from './src/serve.js'

const DEMO_USERS = [
  { email: 'angus@acdc.example', given_name: 'Angus', user_metadata: { band: 'AC/DC' } },
  { email: 'bon@acdc.example', given_name: 'Bon', user_metadata: { band: 'AC/DC' } },
  { email: 'brian@queen.example', given_name: 'Brian', user_metadata: { band: 'Queen' } },
]

const tenant = await startEmulator({
  port: 0,
  connections: ['Username-Password-Authentication', DEV_STAFF_CONNECTION],
  users: [...DEMO_USERS, { ...DEV_OPERATOR, connection: DEV_STAFF_CONNECTION }],
  clients: [DEV_APP],
  resourceServers: [SERVICE_API],
  roles: [serviceAdminRole([DEV_OPERATOR.email])],
})
try {
  const config = readConfig({
    DOMAIN: tenant.domain,
    CLIENT_ID: tenant.clientId,
    CLIENT_SECRET: tenant.clientSecret,
    CONNECTION: tenant.connection,
    // Callers' tokens are for the service's own API, never the tenant's Management API.
    SERVICE_AUDIENCE,
    PORT: process.env.PORT,
    HOST: process.env.HOST,
  })
  const { url: base } = await serve(config, () => tenant.stop())
  const auth = `-H "authorization: Bearer $TOKEN"`
  console.log(`emulated tenant at ${tenant.domain} with ${DEMO_USERS.length} demo users.`)
  console.log(
    `Every request needs a token. Get one in another terminal (a browser login; sign in as ${DEV_OPERATOR.email} / ${DEV_OPERATOR.password}):`,
  )
  console.log(
    `  export TOKEN=$(npx tsx examples/user-service/dev-token.ts ${tenant.domain} ${config.audience})`,
  )
  console.log('then try:')
  console.log(`  curl ${auth} '${base}/users?email=b*'`)
  console.log(
    `  curl ${auth} -X POST ${base}/users -H 'content-type: application/json' -d '{"email":"new@example.com","password":"Secr3t-pass"}'`,
  )
  console.log('Ctrl-C stops both.')
} catch (error) {
  await tenant.stop()
  console.error(`user-service: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
