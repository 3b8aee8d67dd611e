import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { entryPoints, packageRoot } from '../../../src/doctest/resolve-import.js'

describe('entryPoints', () => {
  it('maps the package name and its subpaths to src/*.ts when running from source', () => {
    const entries = entryPoints(packageRoot, true)
    expect(entries.get('auth0plus')).toBe(resolve(packageRoot, 'src/index.ts'))
    expect(entries.get('auth0plus/emulator')).toBe(resolve(packageRoot, 'src/emulator/index.ts'))
  })

  it('maps them to the published dist/*.js files when running the build', () => {
    const entries = entryPoints(packageRoot, false)
    expect(entries.get('auth0plus')).toBe(resolve(packageRoot, 'dist/index.js'))
    expect(entries.get('auth0plus/emulator')).toBe(resolve(packageRoot, 'dist/emulator/index.js'))
  })

  it('finds the package root from its own location', () => {
    expect(resolve(packageRoot, 'src/doctest/resolve-import.ts')).toBe(
      resolve(import.meta.dirname, '../../../src/doctest/resolve-import.ts'),
    )
  })
})
