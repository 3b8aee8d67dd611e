import { describe, expect, it } from 'vitest'
import { ConfigError, issuerOf, readConfig } from '../src/config.js'

const ENV = {
  DOMAIN: 'http://127.0.0.1:4010',
  CLIENT_ID: 'id',
  CLIENT_SECRET: 's3cret-value',
  CONNECTION: 'Username-Password-Authentication',
  SERVICE_AUDIENCE: 'https://users.internal.example/',
}

describe('readConfig', () => {
  it('reads the tenant and defaults to 127.0.0.1:3000', () => {
    expect(readConfig(ENV)).toEqual({
      domain: 'http://127.0.0.1:4010',
      clientId: 'id',
      clientSecret: 's3cret-value',
      connection: 'Username-Password-Authentication',
      audience: 'https://users.internal.example/',
      issuer: 'http://127.0.0.1:4010/',
      port: 3000,
      host: '127.0.0.1',
    })
    expect(readConfig({ ...ENV, PORT: '0', HOST: '0.0.0.0' })).toMatchObject({
      port: 0,
      host: '0.0.0.0',
    })
  })

  it('names every missing variable', () => {
    expect(() => readConfig({ DOMAIN: 'x', CLIENT_SECRET: ' ' })).toThrow(
      new ConfigError(
        'Set CLIENT_ID, CLIENT_SECRET, CONNECTION, SERVICE_AUDIENCE in the environment or in .env.',
      ),
    )
  })

  it('refuses a bad PORT without echoing any value', () => {
    for (const PORT of ['abc', '-1', '70000', '80.5']) {
      expect(() => readConfig({ ...ENV, PORT })).toThrow('PORT must be an integer from 0 to 65535.')
    }
  })

  it("derives the token issuer from DOMAIN as Auth0 writes its 'iss'", () => {
    expect(issuerOf('tenant.eu.auth0.com')).toBe('https://tenant.eu.auth0.com/')
    expect(issuerOf('https://tenant.eu.auth0.com/')).toBe('https://tenant.eu.auth0.com/')
    expect(issuerOf('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010/')
    expect(() => issuerOf('not a host')).toThrow(ConfigError)
  })
})
