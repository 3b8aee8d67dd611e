type User = Record<string, unknown>

/**
 * Auth0's default order is only documented as "deterministic"; the emulator sorts by
 * `created_at`, then `user_id`, so pages stay put while users are being added.
 */
export function defaultOrder(a: User, b: User): number {
  const byCreated = String(a['created_at'] ?? '').localeCompare(String(b['created_at'] ?? ''))
  if (byCreated !== 0) return byCreated
  return String(a['user_id']).localeCompare(String(b['user_id']))
}
