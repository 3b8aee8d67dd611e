import { InvalidArgument } from '../errors.js'
import { FileTokenStore } from '../auth/file-token-store.js'
import { openInBrowser, type BrowserOpener } from './login-browser.js'
import { startCallbackServer } from './login-callback-server.js'
import { LoginError } from './login-error.js'
import { exchangeCode } from './login-exchange.js'
import { authorizeUrl } from './login-url.js'
import { codeChallengeS256, createCodeVerifier, createState } from './pkce.js'
import { resolveTenant } from '../auth/tenant-address.js'
import { tokenKey } from '../auth/token-key.js'
import type { TokenStore } from '../auth/token-store.js'
import type { Token } from '../auth/token.js'

/** Options of {@link login}. */
export interface LoginOptions {
  /** A bare host (`tenant.eu.auth0.com`) or an origin (`http://127.0.0.1:4010`). */
  domain: string
  /** The native application's client id (it has no secret). */
  clientId: string
  /** Default: the tenant's Management API, `https://{host}/api/v2/`. */
  audience?: string
  /** The scopes asked for, e.g. `['read:users']` or `'read:users update:users'`. */
  scopes: readonly string[] | string
  /**
   * Port of the loopback callback, `http://127.0.0.1:<port>/callback`; 0 (default) = any free
   * port. Auth0 matches callback URLs exactly, port included: on a real tenant register
   * `http://127.0.0.1:<port>/callback` in the app's Allowed Callback URLs and pass that port.
   */
  port?: number
  /** true (default): the OS browser; false: only `onUrl`; or your own opener. */
  openBrowser?: boolean | BrowserOpener
  /** Receives the /authorize URL, always (for machines without a browser). Default: stderr. */
  onUrl?: (url: string) => void
  /** How long to wait for the person, in ms. Default 300 000 (5 minutes). */
  timeoutMs?: number
  /** Aborting it cancels the login cleanly (callback server closed, `LoginError` `cancelled`). */
  signal?: AbortSignal
  /** Where the token goes. Default: a `FileTokenStore` (mode 0600) at its default path. */
  tokenStore?: TokenStore
  /** The clock, ms like `Date.now`. */
  now?: () => number
}

const printUrl = (url: string) => {
  process.stderr.write(`Open this URL in a browser to log in:\n${url}\n`)
}

/**
 * Logs a person in with Authorization Code + PKCE, as a native app (RFC 8252): a fresh
 * `code_verifier` and its S256 challenge, a random `state`, a one-shot callback server on
 * 127.0.0.1, the browser sent to `/authorize`, the code exchanged at `/oauth/token` for the
 * audience and scopes asked, and the token saved in the token store under the tenant + app +
 * audience key. The browser tab then says the person can return to the terminal.
 *
 * @example
 * const token = await login({ domain: 'tenant.eu.auth0.com', clientId, scopes: ['read:users'], port: 8484 })
 * // prints the /authorize URL, opens the browser, waits for the callback, then:
 * // POST /oauth/token grant_type=authorization_code&client_id=…&code=…&code_verifier=…&redirect_uri=http%3A%2F%2F127.0.0.1%3A8484%2Fcallback
 * new Auth0('tenant.eu.auth0.com', token.access_token)
 * @throws LoginError (`timeout`, `cancelled`, `state_mismatch`, `denied`, `invalid_callback`,
 *   `listen`); Auth0Error when the code exchange is refused; InvalidArgument for bad options.
 */
export async function login(options: LoginOptions): Promise<Token> {
  const address = resolveTenant(options.domain, options.audience)
  if (typeof options.clientId !== 'string' || options.clientId === '') {
    throw new InvalidArgument('clientId must be a non-empty string')
  }
  const scope = (typeof options.scopes === 'string' ? options.scopes.split(/\s+/) : options.scopes)
    .filter(Boolean)
    .join(' ')
  if (scope === '') throw new InvalidArgument('Ask for at least one scope, e.g. read:users')
  const timeoutMs = options.timeoutMs ?? 300_000
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
    throw new InvalidArgument(`timeoutMs must be a positive integer, got ${String(timeoutMs)}`)
  }
  const cancelled = () => new LoginError('cancelled', 'The login was cancelled.')
  if (options.signal?.aborted) throw cancelled()

  const verifier = createCodeVerifier()
  const state = createState()
  const server = await startCallbackServer({ state, port: options.port ?? 0 })
  const timer = setTimeout(() => {
    void server.close(
      new LoginError(
        'timeout',
        `The login timed out after ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`} without an answer from the browser.`,
      ),
    )
  }, timeoutMs)
  const onAbort = () => void server.close(cancelled())
  options.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const url = authorizeUrl(address, {
      clientId: options.clientId,
      redirectUri: server.redirectUri,
      scope,
      state,
      codeChallenge: codeChallengeS256(verifier),
    })
    ;(options.onUrl ?? printUrl)(url)
    const opener = options.openBrowser ?? true
    if (opener !== false) {
      // Not awaited: an opener may drive the whole browser side (tests), whose callback is held
      // until the exchange below. A browser that cannot be opened is not fatal: the URL was shown.
      const open: (url: string) => unknown = opener === true ? openInBrowser : opener
      void Promise.resolve()
        .then(() => open(url))
        .catch(() => undefined)
    }

    const code = await server.code
    clearTimeout(timer)
    let token: Token
    try {
      token = await exchangeCode(address, {
        clientId: options.clientId,
        code,
        codeVerifier: verifier,
        redirectUri: server.redirectUri,
        now: options.now,
      })
      if (options.signal?.aborted) throw cancelled()
      await (options.tokenStore ?? new FileTokenStore()).set(tokenKey(address, options.clientId), {
        access_token: token.access_token,
        expires_at: token.expires_at,
      })
    } catch (err) {
      await server.finish(`${String(err)}.`)
      throw err
    }
    await server.finish()
    return token
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
    await server.close()
  }
}
