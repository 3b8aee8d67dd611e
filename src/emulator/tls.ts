/** A key pair and its self-signed certificate, PEM-encoded. */
export interface TlsMaterial {
  key: string
  cert: string
}

/**
 * A fresh self-signed certificate for the loopback names (SAN `localhost`, `127.0.0.1`, `::1`),
 * valid for a year. It is its own CA, so a client trusts it by adding `caCert` to its trust
 * store (`NODE_EXTRA_CA_CERTS`, or `ca` in `https.request`).
 */
export async function generateLoopbackCertificate(): Promise<TlsMaterial> {
  // Loaded here, not at import: selfsigned and its crypto stack weigh ~8 MB, for `https` only.
  const { generate } = await import('selfsigned')
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        digitalSignature: true,
        keyEncipherment: true,
        keyCertSign: true,
        critical: true,
      },
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
  return { key: pems.private, cert: pems.cert }
}
