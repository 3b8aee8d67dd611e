const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost'])

/**
 * Whether `redirectUri` is one of a client's Allowed Callback URLs. Auth0 compares the strings
 * exactly (scheme, host, port, path, trailing slash: support article "Callback URL Mismatch").
 * One addition, from RFC 8252 §7.3 for native apps: a loopback `http` callback registered
 * without a port (`http://127.0.0.1/callback`) accepts the same URL with any port, so a CLI can
 * listen on whatever port is free. Auth0 itself would need the exact port registered.
 *
 * @example
 * callbackAllowed(['http://127.0.0.1/callback'], 'http://127.0.0.1:53124/callback') //=> true
 * callbackAllowed(['http://127.0.0.1:8484/callback'], 'http://127.0.0.1:8485/callback') //=> false
 */
export function callbackAllowed(callbacks: readonly string[], redirectUri: string): boolean {
  if (callbacks.includes(redirectUri)) return true
  const sent = parse(redirectUri)
  if (sent === undefined || sent.protocol !== 'http:' || !LOOPBACK_HOSTS.has(sent.hostname)) {
    return false
  }
  return callbacks.some((registered) => {
    const allowed = parse(registered)
    return (
      allowed !== undefined &&
      allowed.protocol === 'http:' &&
      allowed.port === '' &&
      // The registered text has no port at all (not an explicit :80).
      !/^http:\/\/[^/]+:\d/.test(registered) &&
      allowed.hostname === sent.hostname &&
      allowed.pathname === sent.pathname &&
      allowed.search === sent.search &&
      sent.hash === ''
    )
  })
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}
