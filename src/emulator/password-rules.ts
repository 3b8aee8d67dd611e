import { passwordStrong, type PasswordPolicy } from './password-policy.js'

interface Rule {
  message: string
  code: string
  format?: unknown[]
  items?: Rule[]
  verified: boolean
}

const CLASSES: readonly [string, string, RegExp][] = [
  ['lower case letters (a-z)', 'lowerCase', /[a-z]/],
  ['upper case letters (A-Z)', 'upperCase', /[A-Z]/],
  ['numbers (i.e. 0-9)', 'numbers', /[0-9]/],
  ['special characters (e.g. !@#$%^&*)', 'specialCharacters', /[!@#$%^&*]/],
]

function length(min: number, password: string): Rule {
  return {
    message: 'At least %d characters in length',
    format: [min],
    code: 'lengthAtLeast',
    verified: password.length >= min,
  }
}

function classItems(password: string, count: number): Rule[] {
  return CLASSES.slice(0, count).map(([message, code, re]) => ({
    message,
    code,
    verified: re.test(password),
  }))
}

function atLeast3Of4(password: string): Rule {
  const items = classItems(password, 4)
  return {
    message: 'Contain at least %d of the following %d types of characters:',
    code: 'containsAtLeast',
    format: [3, 4],
    items,
    verified: items.filter((item) => item.verified).length >= 3,
  }
}

/** The rules of each policy, as Auth0's password-sheriff describes them to signup clients. */
function rulesOf(policy: PasswordPolicy, password: string): Rule[] {
  switch (policy) {
    case 'none':
      return [length(1, password)]
    case 'low':
      return [length(6, password)]
    case 'fair': {
      const items = classItems(password, 3)
      return [
        length(8, password),
        {
          message: 'Contain at least %d of the following %d types of characters:',
          code: 'containsAtLeast',
          format: [3, 3],
          items,
          verified: items.every((item) => item.verified),
        },
      ]
    }
    case 'good':
      return [length(8, password), atLeast3Of4(password)]
    case 'excellent':
      return [
        length(10, password),
        atLeast3Of4(password),
        {
          message: 'No more than %d identical characters in a row (e.g., "%s" not allowed)',
          code: 'identicalChars',
          format: [2, 'aaa'],
          verified: !/(.)\1\1/.test(password),
        },
      ]
  }
}

function describe(rule: Rule): string {
  let text = rule.message
  for (const value of rule.format ?? []) text = text.replace(/%[ds]/, String(value))
  const items = (rule.items ?? []).map((item) => `\n * ${item.message}`).join('')
  return `* ${text}${items}`
}

/**
 * `/dbconnections/signup`'s answer to a weak password: the `PasswordStrengthError` body with
 * each rule of the connection's policy and whether the password met it (recorded for the
 * "good" policy; the others follow the same shape). Undefined when the password is strong enough.
 */
export function passwordStrengthError(
  password: string,
  policy: PasswordPolicy,
): Record<string, unknown> | undefined {
  if (passwordStrong(password, policy)) return undefined
  const rules = rulesOf(policy, password)
  return {
    name: 'PasswordStrengthError',
    message: 'Password is too weak',
    code: 'invalid_password',
    description: { rules, verified: false },
    policy: rules.map(describe).join('\n'),
    statusCode: 400,
  }
}
