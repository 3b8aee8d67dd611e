import type { Metadata, User } from 'auth0plus'
import type { UserPatch } from './user-body.js'

/**
 * Writes a PATCH body onto a fetched user with Auth0's own PATCH semantics, so callers who know
 * the Management API are not surprised: root fields are replaced (`null` removes them), metadata
 * is merged one level deep (a `null` key removes that key, `null` for the whole object clears it).
 * The body was checked against the allowlist (user-body.ts): no password, no `app_metadata`.
 * `user.save()` then sends only what changed, split where Auth0 needs separate calls.
 */
export function applyPatch(user: User, patch: UserPatch): void {
  const target = user as unknown as Record<string, unknown>
  for (const [name, value] of Object.entries(patch)) {
    if (name === 'user_metadata') {
      if (value === null) delete target[name]
      else target[name] = merged(target[name] as Metadata | undefined, value as Metadata)
    } else if (value === null) {
      delete target[name]
    } else {
      target[name] = value
    }
  }
}

function merged(current: Metadata | undefined, change: Metadata): Metadata {
  const result: Metadata = { ...current }
  for (const [key, value] of Object.entries(change)) {
    if (value === null) delete result[key]
    else result[key] = value
  }
  return result
}
