import dotenv from 'dotenv'
import { Auth0 } from '../index.js'
import { connectFromLogin } from './login-command.js'

/**
 * The tenant the users commands work on, from the environment or `.env` in the working
 * directory (the environment wins; loaded here, in the command, never by the library).
 *
 * A person's token from `auth0plus login` (DOMAIN + LOGIN_CLIENT_ID) is used while it is
 * valid; otherwise the machine credentials DOMAIN, CLIENT_ID and CLIENT_SECRET. CONNECTION
 * scopes both. Missing settings throw `InvalidArgument` (exit 2).
 */
export async function tenantFromEnv(): Promise<Auth0> {
  dotenv.config({ quiet: true })
  const env = process.env
  const defaultConnection = env.CONNECTION || undefined
  const login =
    env.DOMAIN && env.LOGIN_CLIENT_ID
      ? await connectFromLogin(env.DOMAIN, env.LOGIN_CLIENT_ID, { defaultConnection })
      : undefined
  return login ?? Auth0.fromEnv(env)
}
