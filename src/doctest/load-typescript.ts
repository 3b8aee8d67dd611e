import type * as TypeScript from 'typescript'

let loading: Promise<typeof TypeScript> | undefined

/**
 * The `typescript` package, loaded on first use: only running doctests needs the compiler, so
 * importing auth0plus never does (it is a devDependency).
 */
export function loadTypeScript(): Promise<typeof TypeScript> {
  // A CommonJS package: its exports arrive as the namespace's `default`.
  loading ??= import('typescript').then((module) => module.default as typeof TypeScript)
  return loading
}
