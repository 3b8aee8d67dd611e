import { statSync } from 'node:fs'
import { mkdtemp, readFile } from 'node:fs/promises'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js'
import { createCertificateAuthority } from '../../src/emulator/tls.js'

/** GET over HTTPS trusting only `ca` (no system roots involved: a self-signed chain would fail). */
function getStatus(tenant: RunningEmulator, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${tenant.domain}/.well-known/jwks.json`, { ca }, (res) => {
      res.resume()
      resolve(res.statusCode!)
    })
      .on('error', reject)
      .end()
  })
}

const PEM = /^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n$/

describe('HTTPS with a local CA', () => {
  it('keeps the CA beside the data file: one bundle trusts restarts and neighbours', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'auth0plus-tls-'))
    const [a, b] = await Promise.all([
      startEmulator({ https: true, dataFile: join(dir, 'a.json') }),
      startEmulator({ https: true, dataFile: join(dir, 'b.json') }),
    ])
    expect(a.caFile).toBe(join(dir, 'auth0plus-emulator-ca.pem'))
    const bundle = await readFile(a.caFile!, 'utf8')
    expect(bundle).toMatch(PEM)
    expect(a.caCert).toBe(bundle)
    expect(b.caCert).toBe(bundle)
    expect(await getStatus(a, bundle)).toBe(200)
    expect(await getStatus(b, bundle)).toBe(200)
    await a.stop()
    const restarted = await startEmulator({ https: true, dataFile: join(dir, 'a.json') })
    expect(await getStatus(restarted, bundle)).toBe(200)
    // The key stays private to its owner.
    expect(statSync(join(dir, 'auth0plus-emulator-ca.key')).mode & 0o077).toBe(0)
    await Promise.all([restarted.stop(), b.stop()])
  })

  it('signs with the `ca` option: emulators sharing it share one trust setting', async () => {
    const ca = await createCertificateAuthority()
    const [first, second] = await Promise.all([
      startEmulator({ https: true, ca }),
      startEmulator({ https: true, ca }),
    ])
    expect(first.caCert).toBe(ca.cert)
    expect(await getStatus(first, ca.cert)).toBe(200)
    expect(await getStatus(second, ca.cert)).toBe(200)
    await Promise.all([first.stop(), second.stop()])
  })

  it('makes a fresh CA otherwise; PEMs concatenate into one bundle', async () => {
    const first = await startEmulator({ https: true })
    const second = await startEmulator({ https: true })
    const bundle = first.caCert! + second.caCert!
    expect(first.caCert).toMatch(PEM)
    expect(await getStatus(first, bundle)).toBe(200)
    expect(await getStatus(second, bundle)).toBe(200)
    // Another CA does not do.
    await expect(getStatus(first, second.caCert!)).rejects.toThrow()
    await Promise.all([first.stop(), second.stop()])
  })

  it('loads the certificate module only when HTTPS is asked for', async () => {
    const source = await readFile(
      new URL('../../src/emulator/start-emulator.ts', import.meta.url),
      'utf8',
    )
    expect(source).not.toMatch(/^import (?!type ).*from '\.\/tls\.js'/m)
    expect(source).toMatch(/await import\(\s*'\.\/tls\.js'\s*\)/)
  })
})
