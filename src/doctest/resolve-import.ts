import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Importer } from './evaluate.js'

/** The package this runner belongs to: two levels up from `src/doctest/` or `dist/doctest/`. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url))

/** Run from TypeScript source (tsx, vitest): map the package's entry points to `src/`. */
const fromSource = import.meta.url.endsWith('.ts')

/**
 * The package's own specifiers (`auth0plus`, `auth0plus/emulator`...) mapped to files, read from
 * `package.json` `exports`: the `dist/` targets as published, or their `src/*.ts` counterparts when
 * running from source, so the docs exercise the code under test rather than a stale build.
 *
 * @example
 * entryPoints('/repo', true).get('auth0plus/emulator') // => '/repo/src/emulator/index.ts'
 */
export function entryPoints(root: string, source: boolean): Map<string, string> {
  const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
    name: string
    exports?: Record<string, Conditions>
  }
  const entries = new Map<string, string>()
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const file = importTarget(target)
    if (!file) continue
    const mapped = source ? file.replace(/^\.\/dist\/(.*)\.js$/, './src/$1.ts') : file
    entries.set(manifest.name + subpath.slice(1), resolve(root, mapped))
  }
  return entries
}

/** An `exports` target: a path, or conditions (`import`, `require`, `default`...) nested at will. */
type Conditions = string | { [condition: string]: Conditions }

/** The file an `import` resolves to: the `import` condition, else `default`, followed down. */
function importTarget(target: Conditions | undefined): string | undefined {
  if (target === undefined || typeof target === 'string') return target
  return importTarget(target.import ?? target.default)
}

/**
 * The importer for one markdown file: its own `imports` map first, then the package's entry
 * points, then paths relative to the markdown file; anything else is imported as is.
 */
export function createImporter(file: string, imports: Record<string, string> = {}): Importer {
  let entries: Map<string, string> | undefined
  return (specifier) => {
    entries ??= entryPoints(packageRoot, fromSource)
    const mapped = imports[specifier] ?? entries.get(specifier)
    if (mapped !== undefined) return import(pathToFileURL(resolve(packageRoot, mapped)).href)
    if (/^\.\.?\//.test(specifier)) {
      return import(pathToFileURL(resolve(dirname(file), specifier)).href)
    }
    if (isAbsolute(specifier)) return import(pathToFileURL(specifier).href)
    return import(specifier)
  }
}
