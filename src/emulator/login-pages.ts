/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

const STYLE =
  'body{font-family:system-ui,sans-serif;background:#f4f4f5;display:flex;justify-content:center;padding-top:10vh}' +
  'main{background:#fff;padding:2rem 2.5rem;border-radius:8px;width:22rem;box-shadow:0 1px 4px #0002}' +
  'label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;box-sizing:border-box}' +
  'button{margin-top:1.5rem;width:100%;padding:.6rem}.error{color:#b00020}'

/** An HTML page in the emulator's style. */
export function page(title: string, body: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>` +
    `<style>${STYLE}</style></head><body><main>${body}</main></body></html>`
  )
}

/**
 * The emulator's Universal Login page: e-mail and password, posted back to
 * `/u/login?state=<transaction>`. Field names follow Auth0's New Universal Login (`username`,
 * `password`, a submit button `action=default`), so browser tests read like tests of the real one.
 */
export function loginPage(transaction: string, options: { email?: string; error?: string } = {}) {
  const error = options.error
    ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>`
    : ''
  return page(
    'Log in | auth0plus emulator',
    '<h1>Log in</h1><p>auth0plus emulator: log in with an emulator user.</p>' +
      error +
      `<form method="post" action="/u/login?state=${encodeURIComponent(transaction)}">` +
      '<label for="username">Email address</label>' +
      `<input id="username" name="username" type="email" autocomplete="username" required value="${escapeHtml(options.email ?? '')}">` +
      '<label for="password">Password</label>' +
      '<input id="password" name="password" type="password" autocomplete="current-password" required>' +
      '<button type="submit" name="action" value="default">Continue</button></form>',
  )
}

/** A page for errors that cannot go back to the application (bad client or callback URL). */
export function authorizeErrorPage(title: string, description: string): string {
  return page(
    'Error | auth0plus emulator',
    `<h1>${escapeHtml(title)}</h1><p class="error">${escapeHtml(description)}</p>`,
  )
}
