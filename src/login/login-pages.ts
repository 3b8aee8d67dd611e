/** Escapes text for HTML content. */
function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

function page(title: string, heading: string, text: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<title>${escapeHtml(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem}</style>' +
    `</head><body><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p></body></html>`
  )
}

/** What the browser shows once the token is safely stored. */
export function loginSucceededPage(): string {
  return page(
    'auth0plus: logged in',
    'You are logged in',
    'auth0plus has its token. You can close this tab and return to the terminal.',
  )
}

/** What the browser shows when the login failed; `reason` holds no secret. */
export function loginFailedPage(reason: string): string {
  return page(
    'auth0plus: login failed',
    'Login failed',
    `${reason} Return to the terminal for details, and run the login again.`,
  )
}
