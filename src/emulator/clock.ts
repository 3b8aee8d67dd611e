/**
 * Milliseconds since the epoch. Injected wherever time decides behaviour (token expiry,
 * rate-limit refill, the search index lag, export links) so tests can move time instead of sleeping.
 *
 * @example
 * let t = Date.parse('2025-01-01T00:00:00Z')
 * const tenant = await startEmulator({ now: () => t })
 * t += 86_401_000 // every token issued above is now expired
 */
export type Clock = () => number

/** The wall clock. */
export const systemClock: Clock = () => Date.now()
