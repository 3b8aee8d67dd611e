import { ApiError } from './api-error.js'

/** Auth0's database-connection password strength levels (Authentication > Database > Password Policy). */
export type PasswordPolicy = 'none' | 'low' | 'fair' | 'good' | 'excellent'

export const PASSWORD_POLICIES: readonly PasswordPolicy[] = [
  'none',
  'low',
  'fair',
  'good',
  'excellent',
]

const classes = (password: string): number =>
  [/[a-z]/, /[A-Z]/, /[0-9]/, /[!@#$%^&*]/].filter((re) => re.test(password)).length

/** The rules from Auth0's password-options page, one predicate per level. */
const RULES: Record<PasswordPolicy, (password: string) => boolean> = {
  none: (p) => p.length >= 1,
  low: (p) => p.length >= 6,
  fair: (p) => p.length >= 8 && /[a-z]/.test(p) && /[A-Z]/.test(p) && /[0-9]/.test(p),
  good: (p) => p.length >= 8 && classes(p) >= 3,
  excellent: (p) => p.length >= 10 && classes(p) >= 3 && !/(.)\1\1/.test(p),
}

/**
 * Throws Auth0's password-strength 400 when `password` fails `policy`. The Management API gives
 * no rule details and no errorCode: `{"statusCode":400,"error":"Bad Request","message":"PasswordStrengthError: Password is too weak"}`.
 */
export function assertPasswordStrength(password: string, policy: PasswordPolicy): void {
  if (!passwordStrong(password, policy)) {
    throw new ApiError(400, 'PasswordStrengthError: Password is too weak')
  }
}

/** Whether `password` meets `policy`. */
export function passwordStrong(password: string, policy: PasswordPolicy): boolean {
  return RULES[policy](password)
}
