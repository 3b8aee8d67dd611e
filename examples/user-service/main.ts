/**
 * The service's entry point: `npx tsx examples/user-service/main.ts`, configured by the
 * environment or a `.env` file in the working directory (see README.md).
 */
import { config as loadDotenv } from 'dotenv'
import { readConfig } from './src/config.js'
import { serve } from './src/serve.js'

// dotenv 17+ prints a line per load unless told not to.
loadDotenv({ quiet: true })

try {
  await serve(readConfig())
} catch (error) {
  // Config, domain and listen errors name variables and ports, never a secret.
  console.error(`user-service: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
