/**
 * A token for the development service, the way its front end gets one: a browser login with
 * Authorization Code + PKCE (the library's `login()`), for the tenant `dev.ts` printed.
 *
 *   export TOKEN=$(npx tsx examples/user-service/dev-token.ts <domain> <audience> [--no-browser])
 *
 * with the domain and the service's audience as dev.ts prints them.
 *
 * The login URL goes to stderr (with `--no-browser` no browser is opened: open it yourself);
 * the access token is the one thing written to stdout, so `$(…)` captures it and the terminal
 * does not show it. It is kept in memory only, never in the token store.
 */
import { login, MemoryTokenStore } from 'auth0plus'
import { DEV_APP, SERVICE_SCOPES } from './src/dev-tenant.js'

const args = process.argv.slice(2)
const [domain, audience] = args.filter((arg) => !arg.startsWith('--'))
if (domain === undefined || audience === undefined) {
  console.error('usage: dev-token.ts <domain> <audience> [--no-browser] (as dev.ts prints them)')
  process.exitCode = 2
} else {
  try {
    const token = await login({
      domain,
      clientId: DEV_APP.clientId,
      audience,
      scopes: SERVICE_SCOPES,
      openBrowser: !args.includes('--no-browser'),
      tokenStore: new MemoryTokenStore(),
      timeoutMs: 120_000,
    })
    process.stdout.write(`${token.access_token}\n`)
  } catch (error) {
    // LoginError and Auth0Error messages hold no token.
    console.error(`dev-token: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  }
}
