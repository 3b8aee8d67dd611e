import { describe, expect, it } from 'vitest'
import ts from 'typescript'
import { usableTypeScript } from '../../../src/doctest/load-typescript.js'

describe('usableTypeScript', () => {
  it('accepts the installed TypeScript, within the tested range', () => {
    expect(usableTypeScript(ts)).toBe(ts)
  })

  it('refuses TypeScript 7 (no JavaScript API) and says what to install', () => {
    // What `import('typescript')` gives with typescript@7: a version and no compiler API.
    expect(() => usableTypeScript({ version: '7.0.0' })).toThrow(
      'The doctest runner needs typescript >=5.0.0 <7 (its JavaScript API) to transpile the examples; found typescript 7.0.0: npm install --save-dev typescript@~6.0',
    )
    expect(() => usableTypeScript({ ...ts, version: '4.9.5' })).toThrow('found typescript 4.9.5')
    expect(() => usableTypeScript(undefined)).toThrow('found typescript of unknown version')
  })
})
