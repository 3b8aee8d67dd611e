import { InvalidArgument } from '../errors.js'

/** Where a tenant lives and which audience its Management API tokens are issued for. */
export interface TenantAddress {
  /** Scheme, host and port, no trailing slash: `https://tenant.eu.auth0.com`. */
  origin: string
  /** Host with its port, if any: `tenant.eu.auth0.com`, `127.0.0.1:4010`. */
  host: string
  /** The Management API audience: `https://tenant.eu.auth0.com/api/v2/` by default. */
  audience: string
}

/**
 * Reads a domain as a bare host (https implied) or a full http(s) origin.
 *
 * @example
 * resolveTenant('tenant.eu.auth0.com')
 * //=> { origin: 'https://tenant.eu.auth0.com', host: 'tenant.eu.auth0.com',
 * //     audience: 'https://tenant.eu.auth0.com/api/v2/' }
 * resolveTenant('http://127.0.0.1:4010').origin //=> 'http://127.0.0.1:4010'
 * @throws InvalidArgument for an empty domain, another scheme, a path, a query or credentials.
 */
export function resolveTenant(domain: string, audience?: string): TenantAddress {
  if (typeof domain !== 'string' || domain.trim() === '') {
    throw new InvalidArgument(
      'The Auth0 domain is empty: expected a host such as tenant.eu.auth0.com',
    )
  }
  const text = domain.trim()
  const url = parse(text.includes('://') ? text : `https://${text}`)
  // A lone trailing slash is harmless; anything else after the host would be silently dropped.
  // (`?` and `#` are tested on the text because URL reports an empty query or hash as '').
  const clean =
    url !== undefined &&
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.pathname === '/' &&
    !/[?#]/.test(text) &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === ''
  if (!clean) throw new InvalidArgument(invalidMessage(text))
  if (audience !== undefined && (typeof audience !== 'string' || audience === '')) {
    throw new InvalidArgument('The audience must be a non-empty string')
  }
  return {
    origin: url.origin,
    host: url.host,
    audience: audience ?? `https://${url.host}/api/v2/`,
  }
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

function invalidMessage(text: string): string {
  // A domain with `user:pass@` in it may hold a secret: describe it without echoing it.
  const shown = text.includes('@') ? 'a domain with credentials' : JSON.stringify(text)
  return `Invalid Auth0 domain ${shown}: expected a host (tenant.eu.auth0.com) or an http(s) origin without a path (http://127.0.0.1:4010)`
}
