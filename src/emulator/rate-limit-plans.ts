import type { Clock } from './clock.js'
import { TokenBucket, type BucketSpec } from './rate-limiter.js'

/** Auth0's published plans (rate-limit-configurations pages). */
export type RateLimitPreset = 'free' | 'essentials' | 'enterprise'

/** `rateLimit` option: off (default), a plan, or one custom global bucket. */
export type RateLimitOption = false | RateLimitPreset | BucketSpec

export const RATE_LIMIT_PRESETS: readonly RateLimitPreset[] = ['free', 'essentials', 'enterprise']

/** Which endpoint bucket a request falls in, besides the global Management API bucket. */
export type EndpointGroup = 'users_read' | 'users_write' | 'users_delete'

interface Plan {
  global?: BucketSpec
  groups?: Partial<Record<EndpointGroup, BucketSpec>>
  oauthToken?: BucketSpec
}

const perMinute = (n: number) => n / 60

const PLANS: Record<RateLimitPreset, Plan> = {
  // Free: Management API burst 2, 2/s; /oauth/token 30 burst, 30/s.
  free: { global: { burst: 2, perSecond: 2 }, oauthToken: { burst: 30, perSecond: 30 } },
  // Essentials/Professional: no global figure published; users endpoints have their own buckets.
  essentials: {
    groups: {
      users_read: { burst: 40, perSecond: perMinute(500) },
      users_write: { burst: 20, perSecond: perMinute(200) },
      users_delete: { burst: 20, perSecond: perMinute(200) },
    },
  },
  // Enterprise public cloud, production tenant: 50 burst, 16/s for the whole Management API.
  enterprise: { global: { burst: 50, perSecond: 16 } },
}

/** The buckets of one tenant, created from the `rateLimit` option; none when it is off. */
export class RateLimits {
  readonly #global?: TokenBucket
  readonly #groups = new Map<EndpointGroup, TokenBucket>()
  readonly #oauthToken?: TokenBucket

  constructor(option: RateLimitOption | undefined, now: Clock) {
    if (option === undefined || option === false) return
    // Own keys only: `rateLimit: 'constructor'` must be an error, not a silent "no limits".
    if (typeof option === 'string' && !Object.hasOwn(PLANS, option)) {
      throw new Error(`Unknown rateLimit preset: ${option}`)
    }
    const plan: Plan = typeof option === 'string' ? PLANS[option] : { global: option }
    if (plan.global)
      this.#global = new TokenBucket(plan.global, 'Global limit has been reached', now)
    for (const [group, spec] of Object.entries(plan.groups ?? {}) as [
      EndpointGroup,
      BucketSpec,
    ][]) {
      this.#groups.set(
        group,
        new TokenBucket(spec, `Global per second ${group} group limit has been reached`, now),
      )
    }
    if (plan.oauthToken) {
      this.#oauthToken = new TokenBucket(plan.oauthToken, 'Global limit has been reached', now)
    }
  }

  /** Buckets a Management API request takes a token from, global first. */
  forApi(group: EndpointGroup | undefined): TokenBucket[] {
    const group_ = group === undefined ? undefined : this.#groups.get(group)
    return [this.#global, group_].filter((b): b is TokenBucket => b !== undefined)
  }

  /** The Authentication API bucket for POST /oauth/token (free plan only). */
  forOAuthToken(): TokenBucket[] {
    return this.#oauthToken ? [this.#oauthToken] : []
  }
}
