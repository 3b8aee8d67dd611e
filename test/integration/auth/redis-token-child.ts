/*
 * One process of a fleet: connects to Redis, says `ready`, waits for `go` on stdin, then asks a
 * client-credentials provider on the shared Redis store for a token and prints its hash.
 */
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createClient } from 'redis'
import { ClientCredentialsProvider } from '../../../src/auth/client-credentials-provider.js'
import { RedisTokenStore } from '../../../src/auth/redis-token-store.js'
import { resolveTenant } from '../../../src/auth/tenant-address.js'

const { REDIS_SOCKET, DOMAIN, CLIENT_ID, CLIENT_SECRET } = process.env
const client = await createClient({ socket: { path: REDIS_SOCKET!, tls: false } }).connect()
const tokens = new ClientCredentialsProvider({
  address: resolveTenant(DOMAIN!),
  clientId: CLIENT_ID!,
  clientSecret: CLIENT_SECRET!,
  store: new RedisTokenStore({ client, pollMs: 20 }),
})
process.stdout.write('ready\n')
await once(process.stdin, 'data')
process.stdin.destroy()
const token = await tokens.token()
process.stdout.write(`token ${createHash('sha256').update(token).digest('hex')}\n`)
await client.quit()
