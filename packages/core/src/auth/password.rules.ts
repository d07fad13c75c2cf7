import { DomainError } from '../shared/domain-error.js';
import { passwordLimits } from './auth.schema.js';
import type { CommonPasswords } from './session.ports.js';

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(
  password: string,
  common: CommonPasswords,
  person: { email: string; name?: string | undefined },
): string | undefined {
  if ([...password].length < passwordLimits.min) return `must be at least ${passwordLimits.min} characters`;
  if ([...password].length > passwordLimits.max) return `must be at most ${passwordLimits.max} characters`;
  const lower = password.toLowerCase();
  if (common.isCommon(lower)) return 'is one of the most common passwords; choose another';
  if (new Set(lower).size < 4) return 'repeats too few different characters; choose another';
  const local = person.email.toLowerCase().split('@')[0] ?? '';
  if (local.length >= 4 && lower.includes(local)) return 'must not contain your email address';
  return undefined;
}

/** Throws INVALID_INPUT naming `field` and the reason when the password is refused. */
export function assertPasswordAllowed(
  password: string,
  common: CommonPasswords,
  person: { email: string; name?: string | undefined },
  field = 'password',
): void {
  const problem = passwordProblem(password, common, person);
  if (problem) throw new DomainError('INVALID_INPUT', `${field}: ${problem}`, { field });
}
