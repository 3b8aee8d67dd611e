import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApiError } from './api-error.js'
import { sendPage } from './authorize.js'
import { parseBody, readBody } from './http-io.js'
import { escapeHtml, page } from './login-pages.js'
import { logUserEvent, requestOrigin } from './log-user-event.js'
import { applyPatch } from './patch-user.js'
import type { Tenant } from './tenant.js'
import { TICKET_PATHS, type Ticket, type TicketKind } from './tickets.js'
import type { UserRecord } from './user-defaults.js'

const RESET_DONE = 'You can now login to the application with the new password.'
const VERIFIED = 'Your email was verified. You can continue using the application.'
const UNBLOCKED = 'Your account has been unblocked.'

/** The ticket pages' paths, for the dispatcher. */
export const TICKET_PAGE_PATHS: ReadonlySet<string> = new Set(Object.values(TICKET_PATHS))

const kindOf = (path: string) =>
  (Object.keys(TICKET_PATHS) as TicketKind[]).find((kind) => TICKET_PATHS[kind] === path)!

function messagePage(title: string, text: string, error = false): string {
  const cls = error ? ' class="error"' : ''
  return page(
    `${title} | auth0plus emulator`,
    `<h1>${escapeHtml(title)}</h1><p${cls}>${escapeHtml(text)}</p>`,
  )
}

function resetForm(ticketId: string, error?: string): string {
  const alert = error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(error)}</p>`
  return page(
    'Change your password | auth0plus emulator',
    '<h1>Change your password</h1>' +
      alert +
      `<form method="post" action="${TICKET_PATHS.password_change}?ticket=${encodeURIComponent(ticketId)}">` +
      '<label for="password">New password</label>' +
      '<input id="password" name="password" type="password" autocomplete="new-password" required>' +
      '<label for="confirm_password">Re-enter new password</label>' +
      '<input id="confirm_password" name="confirm_password" type="password" autocomplete="new-password" required>' +
      '<button type="submit" name="action" value="reset-password">Reset password</button></form>',
  )
}

/**
 * The pages a ticket link opens (`/u/reset-password`, `/u/email-verification`, `/u/unblock`,
 * each `?ticket=<id>`). A password ticket shows a form; its POST applies the connection's
 * password policy, sets the password and lifts brute-force blocks. A verification or unblock
 * link acts when opened. Each ticket works once, then (or once expired) answers a 400 page.
 * Success redirects to the ticket's `result_url` (with `success`, `message` and, when asked,
 * `email`) or shows a page. `persist` writes the data file before the answer.
 */
export async function handleTicketPage(
  tenant: Tenant,
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string,
  query: URLSearchParams,
  persist: () => Promise<void>,
): Promise<void> {
  const kind = kindOf(path)
  const allowed = kind === 'password_change' ? ['GET', 'POST'] : ['GET']
  if (!allowed.includes(method)) throw new ApiError(404, 'Not Found')
  const id = query.get('ticket') ?? ''
  const ticket = tenant.tickets.peek(id, kind)
  const user = ticket === undefined ? undefined : tenant.store.get(ticket.userId)
  if (ticket === undefined || user === undefined) {
    const text = 'This link has expired or was already used. Ask for a new one.'
    return sendPage(res, 400, messagePage('Invalid link.', text, true))
  }
  const origin = requestOrigin(req)
  if (kind === 'password_change') {
    if (method === 'GET') return sendPage(res, 200, resetForm(id))
    const form = parseBody(await readBody(req), req.headers['content-type']) as Record<
      string,
      unknown
    > | null
    const password = typeof form?.password === 'string' ? form.password : ''
    const refuse = (error: string) => {
      logUserEvent(tenant, 'fcp', user, { ...origin, description: error })
      sendPage(res, 400, resetForm(id, error))
    }
    if (password === '') return refuse('Please enter a new password.')
    if (form?.confirm_password !== password) return refuse('Passwords do not match.')
    const patch: Record<string, unknown> = { password }
    if (ticket.markEmailAsVerified) patch.email_verified = true
    let updated: UserRecord
    try {
      updated = applyPatch(user, patch, tenant.connections, tenant.now())
    } catch (err) {
      if (err instanceof ApiError)
        return refuse(err.message.replace(/^PasswordStrengthError: /, ''))
      throw err
    }
    tenant.store.replace(updated)
    tenant.passwords.set(ticket.userId, password)
    // A password change lifts brute-force blocks, as on Auth0.
    for (const key of [user.email, user.username])
      if (typeof key === 'string') tenant.bruteForce?.unblock(key)
    logUserEvent(tenant, 'scp', updated, { ...origin, description: 'Password changed' })
    return finish(tenant, res, id, ticket, updated, RESET_DONE, persist)
  }
  if (kind === 'email_verification') {
    const updated = applyPatch(user, { email_verified: true }, tenant.connections, tenant.now())
    tenant.store.replace(updated)
    logUserEvent(tenant, 'sv', updated, { ...origin, description: 'Email verified' })
    return finish(tenant, res, id, ticket, updated, VERIFIED, persist)
  }
  const email = user.email as string
  tenant.bruteForce?.unblock(email, ticket.ip)
  logUserEvent(tenant, 'ublkdu', user, { ...origin, description: `Unblocked ${email}` })
  return finish(tenant, res, id, ticket, user, UNBLOCKED, persist)
}

async function finish(
  tenant: Tenant,
  res: ServerResponse,
  id: string,
  ticket: Ticket,
  user: UserRecord,
  message: string,
  persist: () => Promise<void>,
): Promise<void> {
  tenant.tickets.consume(id)
  await persist()
  if (ticket.resultUrl === undefined) return sendPage(res, 200, messagePage('Done.', message))
  const url = new URL(ticket.resultUrl)
  if (ticket.includeEmailInRedirect && typeof user.email === 'string') {
    url.searchParams.set('email', user.email)
  }
  url.searchParams.set('success', 'true')
  url.searchParams.set('message', message)
  res.writeHead(302, { location: url.toString(), 'cache-control': 'no-store' })
  res.end()
}
