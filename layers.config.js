// @ts-check
/**
 * The library's layers, lowest first. A layer may import the layers below it, never one above;
 * `eslint.config.js` turns this list into `import-x/no-restricted-paths` zones, so lint fails on
 * an import against the direction. See ARCHITECTURE.md.
 */
export const LIBRARY_LAYERS = [
  'src/errors.ts', // the error classes every layer throws
  'src/wire', // one request on the wire: transport, error mapping, rate-limit headers, redaction
  'src/auth', // tenant address, tokens, token stores, client credentials
  'src/login', // a person's login: Authorization Code + PKCE
  'src/http', // the Management API client: retries, 401 renewal, concurrency
  'src/api', // every path of every resource, built in one place
  'src/bulk', // paced jobs over many ids
  'src/query', // lucene builder, lookups, lazy query sets and their page walker
  'src/export', // the users export job
  'src/model', // active-record models and their managers
  ['src/auth0.ts', 'src/index.ts'], // the entry point and the public surface
]

/** Programs built on the library: they may use its public entry points only. */
export const CONSUMERS = ['src/cli', 'src/doctest']
/** The emulator stands alone: it imports nothing of the library, the CLI or the doc runner. */
export const EMULATOR = 'src/emulator'

const dot = (path) => `./${path}`
const everything = [...LIBRARY_LAYERS.flat(), ...CONSUMERS, EMULATOR]

/** @returns {{ target: string[], from: string[], except?: string[], message: string }[]} */
export function layerZones() {
  const zones = LIBRARY_LAYERS.map((layer, index) => {
    const own = [layer].flat()
    const above = everything.filter(
      (path) =>
        !LIBRARY_LAYERS.slice(0, index + 1)
          .flat()
          .includes(path),
    )
    return {
      target: own.map(dot),
      from: above.map(dot),
      message: `${own.join(', ')} is below these in ARCHITECTURE.md: import downwards only.`,
    }
  })
  const library = LIBRARY_LAYERS.flat().filter((path) => path !== 'src/index.ts')
  zones.push({
    target: CONSUMERS.map(dot),
    from: library.map(dot),
    message: 'The CLI and the doc runner use the public exports only: import from src/index.ts.',
  })
  zones.push({
    target: CONSUMERS.map(dot),
    from: [dot(EMULATOR)],
    except: ['./index.ts'],
    message: 'Use the emulator through its public entry, src/emulator/index.ts.',
  })
  zones.push({
    target: [dot(EMULATOR)],
    from: everything.filter((path) => path !== EMULATOR).map(dot),
    message: 'The emulator imports nothing of the library, the CLI or the doc runner.',
  })
  return zones
}
