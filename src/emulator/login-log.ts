import type { IncomingMessage } from 'node:http'
import { logUserEvent, requestOrigin } from './log-user-event.js'
import type { Tenant } from './tenant.js'
import { connectionOf, isoTimestamp, type UserRecord } from './user-defaults.js'

/** What one login attempt reports: log events, and the blocked-account e-mail. */
export interface LoginLog {
  /** Wrong password (`fp`, a known user) or unknown e-mail (`fu`). */
  failed(description: string): void
  /** A blocked (identifier, IP) tried (`limit_wc`); `justNow` = this attempt caused the block. */
  blocked(justNow: boolean): void
  /** The password was right but the login was refused (admin block, rule): `f`. */
  refused(user: UserRecord, description: string): void
  /** `s`. */
  succeeded(user: UserRecord): void
}

/**
 * The log of one login attempt at the login page (or a password grant) by `identifier`.
 * When a block starts, the user (if the identifier is one) gets Auth0's blocked-account e-mail
 * in the outbox, with a link that lifts the block for that IP.
 */
export function loginLog(
  tenant: Tenant,
  req: IncomingMessage,
  clientId: string,
  identifier: string,
): LoginLog {
  const origin = { ...requestOrigin(req), client_id: clientId }
  const known =
    identifier === '' ? undefined : tenant.store.findByEmail(identifier.toLowerCase())[0]
  const named = { ...origin, user_name: identifier }
  return {
    failed: (description) =>
      logUserEvent(tenant, known === undefined ? 'fu' : 'fp', known, { ...named, description }),
    blocked: (justNow) => {
      logUserEvent(tenant, 'limit_wc', known, {
        ...named,
        description: `Blocked ${identifier} after too many failed logins from ${origin.ip}`,
      })
      if (justNow && typeof known?.email === 'string') {
        const link = tenant.tickets.issue(
          {
            kind: 'unblock',
            userId: known.user_id as string,
            resultUrl: undefined,
            markEmailAsVerified: false,
            includeEmailInRedirect: false,
            ip: origin.ip,
          },
          0,
          tenant.origin(),
        )
        tenant.outbox.record({
          template: 'blocked_account',
          to: known.email,
          userId: known.user_id as string,
          connection: connectionOf(known) ?? '',
          clientId,
          sentAt: isoTimestamp(tenant.now()),
          link,
          subject: 'Your account has been blocked',
          text: `We detected too many failed logins to your account from ${origin.ip}. To unblock it, follow this link: ${link}`,
        })
      }
    },
    refused: (user, description) => logUserEvent(tenant, 'f', user, { ...origin, description }),
    succeeded: (user) =>
      logUserEvent(tenant, 's', user, { ...origin, description: 'Successful login' }),
  }
}
