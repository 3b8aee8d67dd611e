import { describe, expect, it } from 'vitest'
import {
  codeChallengeS256,
  createCodeVerifier,
  createState,
  isCodeVerifier,
  stateMatches,
} from '../../../src/login/pkce.js'

describe('PKCE verifier and challenge', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    )
  })

  it('makes fresh 43-character verifiers in the RFC 7636 alphabet', () => {
    const verifiers = new Set(Array.from({ length: 200 }, createCodeVerifier))
    expect(verifiers.size).toBe(200)
    for (const verifier of verifiers) {
      expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(isCodeVerifier(verifier)).toBe(true)
      expect(codeChallengeS256(verifier)).toMatch(/^[A-Za-z0-9_-]{43}$/)
    }
  })

  it('accepts 43 to 128 unreserved characters and nothing else', () => {
    expect(isCodeVerifier('a'.repeat(43))).toBe(true)
    expect(isCodeVerifier('A-._~'.repeat(25) + 'xyz')).toBe(true)
    expect(isCodeVerifier('a'.repeat(42))).toBe(false)
    expect(isCodeVerifier('a'.repeat(129))).toBe(false)
    expect(isCodeVerifier(`${'a'.repeat(42)}+`)).toBe(false)
    expect(isCodeVerifier(`${'a'.repeat(42)}=`)).toBe(false)
    expect(() => codeChallengeS256('short')).toThrow(RangeError)
  })
})

describe('state', () => {
  it('is random, 128 bits in base64url', () => {
    const states = new Set(Array.from({ length: 200 }, createState))
    expect(states.size).toBe(200)
    for (const state of states) expect(state).toMatch(/^[A-Za-z0-9_-]{22}$/)
  })

  it('matches only the very same string', () => {
    const state = createState()
    expect(stateMatches(state, state)).toBe(true)
    expect(stateMatches(state, `${state}x`)).toBe(false)
    expect(stateMatches(state, state.slice(1))).toBe(false)
    expect(stateMatches(state, createState())).toBe(false)
    expect(stateMatches(state, '')).toBe(false)
    expect(stateMatches(state, null)).toBe(false)
    expect(stateMatches(state, undefined)).toBe(false)
  })
})
