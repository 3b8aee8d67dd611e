import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { LoginError } from './login-error.js'
import { loginFailedPage, loginSucceededPage } from './login-pages.js'
import { stateMatches } from './pkce.js'

/** Options of {@link startCallbackServer}. */
export interface CallbackServerOptions {
  /** The `state` sent to /authorize; any other is refused. */
  state: string
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
}

/** The one-shot loopback server that receives the browser after the login. */
export interface CallbackServer {
  /** `http://127.0.0.1:<actual port>/callback`. */
  readonly redirectUri: string
  /**
   * The authorization code, once the browser comes back with our `state`; rejects with a
   * {@link LoginError} on a mismatched state, an `error=` answer, or {@link CallbackServer.close}.
   * The browser's request is held open until {@link CallbackServer.finish}.
   */
  readonly code: Promise<string>
  /** Answers the held browser request (success page, or the failure's message) and closes. */
  finish(failure?: string): Promise<void>
  /** Stops listening; a login still waiting fails with `reason`. Idempotent. */
  close(reason?: LoginError): Promise<void>
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
}

/**
 * Listens on `http://127.0.0.1:<port>/callback` for exactly one login answer (RFC 8252 §7.3).
 * The first request carrying our `state` decides: a `code` resolves {@link CallbackServer.code},
 * an `error` rejects it. A mismatched or missing state is refused and fails the login (the
 * answer is not ours: another login, or a forged request). Once decided, every later callback is
 * refused as a replay. Only loopback is bound, so nothing off this machine can reach it.
 *
 * @example
 * const server = await startCallbackServer({ state, port: 0 })
 * server.redirectUri // 'http://127.0.0.1:53124/callback'
 * const code = await server.code
 * await server.finish() // the browser shows "You are logged in"
 */
export async function startCallbackServer(options: CallbackServerOptions): Promise<CallbackServer> {
  let settled = false
  let held: ServerResponse | undefined
  let resolveCode!: (code: string) => void
  let rejectCode!: (error: LoginError) => void
  const code = new Promise<string>((resolve, reject) => {
    resolveCode = resolve
    rejectCode = reject
  })
  // A caller that stops waiting (timeout) must not leave an unhandled rejection behind.
  code.catch(() => undefined)

  const fail = (res: ServerResponse, error: LoginError, page: string) => {
    settled = true
    sendPage(res, 400, loginFailedPage(page))
    rejectCode(error)
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/callback') return sendPage(res, 404, loginFailedPage('Not found.'))
    if (req.method !== 'GET') return sendPage(res, 405, loginFailedPage('Method not allowed.'))
    if (settled) {
      return sendPage(
        res,
        400,
        loginFailedPage('This login has already been answered; a replayed answer is refused.'),
      )
    }
    const params = url.searchParams
    if (!stateMatches(options.state, params.get('state'))) {
      return fail(
        res,
        new LoginError(
          'state_mismatch',
          'The login answer carried a state that does not match this login: refused (another login, or a forged request).',
        ),
        'This answer does not belong to the login in progress.',
      )
    }
    const error = params.get('error')
    if (error !== null) {
      const description = params.get('error_description') ?? ''
      const text = description ? `${error}: ${description}` : error
      return fail(
        res,
        new LoginError('denied', `The tenant refused the login (${text})`, error),
        `${text}.`,
      )
    }
    const received = params.get('code')
    if (received === null || received === '') {
      return fail(
        res,
        new LoginError('invalid_callback', 'The login answer had neither a code nor an error.'),
        'The answer had neither a code nor an error.',
      )
    }
    settled = true
    held = res
    resolveCode(received)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new LoginError(
          'listen',
          `Cannot listen on 127.0.0.1:${options.port ?? 0} for the login callback (${err.code ?? err.message})`,
        ),
      ),
    )
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  let closing: Promise<void> | undefined
  const close = (reason?: LoginError): Promise<void> => {
    if (!settled) {
      settled = true
      rejectCode(reason ?? new LoginError('cancelled', 'The login was cancelled.'))
    }
    if (held !== undefined && !held.headersSent) {
      sendPage(held, 500, loginFailedPage(reason?.message ?? 'The login ended.'))
    }
    return (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve())
      // Browsers keep connections alive; without this, close() would wait for them.
      server.closeAllConnections()
    }))
  }

  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    code,
    async finish(failure?: string) {
      if (held !== undefined && !held.headersSent) {
        const page = failure === undefined ? loginSucceededPage() : loginFailedPage(failure)
        await new Promise<void>((resolve) => {
          sendPage(held!, failure === undefined ? 200 : 400, page, resolve)
        })
      }
      await close()
    },
    close,
  }
}

function sendPage(res: ServerResponse, status: number, html: string, done?: () => void): void {
  const body = Buffer.from(html, 'utf8')
  res.writeHead(status, {
    ...PAGE_HEADERS,
    'content-length': String(body.length),
    connection: 'close',
  })
  res.end(body, done)
}
