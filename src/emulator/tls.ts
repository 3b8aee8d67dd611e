import { randomBytes } from 'node:crypto'
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generate } from 'selfsigned'

/** A key pair and its certificate, PEM-encoded (each ending with a newline). */
export interface TlsMaterial {
  key: string
  cert: string
}

/** The CA's files in a data directory: the key (with the certificate) and the certificate alone. */
export const CA_KEY_FILE = 'auth0plus-emulator-ca.key'
export const CA_CERT_FILE = 'auth0plus-emulator-ca.pem'

/** PEMs concatenate (`cat a.pem b.pem`) only when each ends with a newline. */
const withNewline = (pem: string) => (pem.endsWith('\n') ? pem : `${pem}\n`)

const years = (n: number) => new Date(Date.now() + n * 365 * 24 * 3600 * 1000)

/**
 * A local certificate authority (10 years, RSA 2048, SHA-256). Its subject carries a random
 * serial so two CAs never look alike to a trust store.
 */
export async function createCertificateAuthority(): Promise<TlsMaterial> {
  const pems = await generate(
    [
      {
        name: 'commonName',
        value: `auth0plus emulator local CA ${randomBytes(4).toString('hex')}`,
      },
      { name: 'organizationName', value: 'auth0plus' },
    ],
    {
      keySize: 2048,
      algorithm: 'sha256',
      notAfterDate: years(10),
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      ],
    },
  )
  return { key: withNewline(pems.private), cert: withNewline(pems.cert) }
}

/**
 * A server certificate for the loopback names (SAN `localhost`, `127.0.0.1`, `::1`), signed by
 * `ca`: whoever trusts the CA trusts every emulator it signed, across restarts.
 */
export async function issueServerCertificate(ca: TlsMaterial): Promise<TlsMaterial> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  })
  return { key: withNewline(pems.private), cert: withNewline(pems.cert) }
}

/**
 * The CA kept in `dir` (beside the data file), created on first use. Emulators sharing the
 * directory share the CA, so one trust setting (`NODE_EXTRA_CA_CERTS=<dir>/auth0plus-emulator-ca.pem`)
 * covers them all and survives restarts. Creation is race-free: the key file appears with a
 * hard link, which fails if another emulator made it first (then its CA is used).
 */
export async function loadOrCreateCa(dir: string): Promise<{ ca: TlsMaterial; certFile: string }> {
  await mkdir(dir, { recursive: true })
  const keyFile = join(dir, CA_KEY_FILE)
  const certFile = join(dir, CA_CERT_FILE)
  let ca = await readCa(keyFile)
  if (ca === undefined) {
    const fresh = await createCertificateAuthority()
    const temp = join(dir, `.${CA_KEY_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`)
    await writeFile(temp, fresh.key + fresh.cert, { mode: 0o600 })
    try {
      await link(temp, keyFile)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    } finally {
      await unlink(temp)
    }
    ca = (await readCa(keyFile))!
  }
  // The certificate alone, for trust stores; rewritten atomically from the key file each start.
  const temp = join(dir, `.${CA_CERT_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`)
  await writeFile(temp, ca.cert, { mode: 0o644 })
  await rename(temp, certFile)
  return { ca, certFile }
}

async function readCa(keyFile: string): Promise<TlsMaterial | undefined> {
  let text: string
  try {
    text = await readFile(keyFile, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/.exec(text)?.[0]
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(text)?.[0]
  if (key === undefined || cert === undefined) throw new Error(`${keyFile} is not an emulator CA`)
  return { key: withNewline(key), cert: withNewline(cert) }
}
