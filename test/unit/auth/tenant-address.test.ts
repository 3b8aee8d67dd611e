import { describe, expect, it } from 'vitest'
import { resolveTenant } from '../../../src/auth/tenant-address.js'
import { InvalidArgument } from '../../../src/errors.js'

describe('resolveTenant', () => {
  it('reads a bare host as https with the Management API audience', () => {
    expect(resolveTenant('tenant.eu.auth0.com')).toEqual({
      origin: 'https://tenant.eu.auth0.com',
      host: 'tenant.eu.auth0.com',
      audience: 'https://tenant.eu.auth0.com/api/v2/',
    })
  })

  it('keeps a full origin as given, port included in host and audience', () => {
    expect(resolveTenant('http://127.0.0.1:4010')).toEqual({
      origin: 'http://127.0.0.1:4010',
      host: '127.0.0.1:4010',
      audience: 'https://127.0.0.1:4010/api/v2/',
    })
    expect(resolveTenant('https://tenant.auth0.com').origin).toBe('https://tenant.auth0.com')
  })

  it('accepts a bare host with a port and a lone trailing slash', () => {
    expect(resolveTenant('localhost:4010').origin).toBe('https://localhost:4010')
    expect(resolveTenant('https://tenant.auth0.com/').origin).toBe('https://tenant.auth0.com')
    expect(resolveTenant('tenant.auth0.com/').origin).toBe('https://tenant.auth0.com')
    expect(resolveTenant('  Tenant.Auth0.com ').host).toBe('tenant.auth0.com')
  })

  it('uses an explicit audience', () => {
    expect(resolveTenant('tenant.auth0.com', 'https://api.example/').audience).toBe(
      'https://api.example/',
    )
  })

  it.each([
    '',
    '   ',
    'ftp://tenant.auth0.com',
    'tenant.auth0.com/api/v2',
    'https://tenant.auth0.com/api/v2/',
    'tenant.auth0.com?x=1',
    'tenant.auth0.com?',
    'tenant.auth0.com#frag',
    'http://',
    'ten ant.com',
  ])('refuses %j', (domain) => {
    expect(() => resolveTenant(domain)).toThrow(InvalidArgument)
  })

  it('refuses credentials in the domain without echoing them', () => {
    expect(() => resolveTenant('https://user:s3cr3tpw@tenant.auth0.com')).toThrow(InvalidArgument)
    try {
      resolveTenant('https://user:s3cr3tpw@tenant.auth0.com')
    } catch (err) {
      expect(String(err)).not.toContain('s3cr3tpw')
    }
  })

  it('refuses an empty audience', () => {
    expect(() => resolveTenant('tenant.auth0.com', '')).toThrow(InvalidArgument)
  })
})
