/** A loopback `Host` header: the only kind that may add an accepted audience. */
const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/i

/**
 * Whether `audience` is this emulator's Management API: `http(s)://{127.0.0.1|localhost|[::1]}:{port}/api/v2/`.
 * A `Host` header adds its name only when it is a loopback name with a port, so a pass-through
 * on another local port (the reliability suites' counting tap) keeps working, while a foreign
 * `Host` such as `evil.example` can never mint or pass a token for `https://evil.example/api/v2/`.
 *
 * @example
 * isManagementAudience('https://localhost:4010/api/v2/', 4010)                   // true
 * isManagementAudience('https://evil.example/api/v2/', 4010, 'evil.example')     // false
 */
export function isManagementAudience(audience: string, port: number, hostHeader?: string): boolean {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]
  if (hostHeader !== undefined && LOOPBACK_HOST.test(hostHeader)) {
    hosts.push(hostHeader.toLowerCase())
  }
  return hosts.some(
    (host) => audience === `https://${host}/api/v2/` || audience === `http://${host}/api/v2/`,
  )
}
