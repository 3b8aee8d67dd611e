import type * as TypeScript from 'typescript'

/** The TypeScript versions the runner is tested with (the `typescript` peer dependency's range). */
export const TYPESCRIPT_RANGE = '>=5.0.0 <7'

const INSTALL = 'npm install --save-dev typescript@~6.0'

let loading: Promise<typeof TypeScript> | undefined

/**
 * The `typescript` package, loaded on first use: only running doctests needs it, so importing
 * auth0plus never does. It is an optional peer dependency: the runner transpiles each example
 * with `transpileModule` (types are stripped, never checked), an API TypeScript 7's native
 * port does not have. A missing or unusable package rejects with what to install.
 */
export function loadTypeScript(): Promise<typeof TypeScript> {
  loading ??= import('typescript').then(
    // A CommonJS package: its exports arrive as the namespace's `default`.
    (module) => usableTypeScript(module.default),
    (error: unknown) => {
      const code = (error as { code?: unknown }).code
      if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error
      throw new Error(
        `The doctest runner needs the typescript package (${TYPESCRIPT_RANGE}) to transpile the examples, and it is not installed: ${INSTALL}`,
      )
    },
  )
  return loading
}

/**
 * `ts` when it has the JavaScript API the runner uses; otherwise an error naming its version and
 * what to install instead.
 */
export function usableTypeScript(ts: unknown): typeof TypeScript {
  const candidate = ts as Partial<typeof TypeScript> | undefined
  const major = Number(/^(\d+)\./.exec(String(candidate?.version))?.[1])
  const usable =
    major >= 5 &&
    major < 7 &&
    typeof candidate?.transpileModule === 'function' &&
    candidate.ScriptTarget?.ES2022 !== undefined
  if (!usable) {
    const version =
      typeof candidate?.version === 'string' ? candidate.version : 'of unknown version'
    throw new Error(
      `The doctest runner needs typescript ${TYPESCRIPT_RANGE} (its JavaScript API) to transpile the examples; found typescript ${version}: ${INSTALL}`,
    )
  }
  return candidate as typeof TypeScript
}
