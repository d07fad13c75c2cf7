import { autoConfigurationLabels } from '../portal-domains/portal-domain.rules.js';
import { invalidInput } from '../shared/domain-error.js';

export const orgNameLimits = { min: 2, max: 100 } as const;
export const slugLimits = { min: 3, max: 50 } as const;

const slugPattern = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Why `slug` is not a valid organization slug, or undefined when it is. */
export function slugProblem(slug: string): string | undefined {
  if (slug.length < slugLimits.min || slug.length > slugLimits.max) {
    return `must be ${slugLimits.min}-${slugLimits.max} characters`;
  }
  if (slug !== slug.toLowerCase()) return 'must be lowercase';
  if (!slugPattern.test(slug)) {
    return 'may contain only lowercase letters, digits and hyphens, and may not start or end with a hyphen';
  }
  if (autoConfigurationLabels.has(slug)) return `"${slug}" is reserved`;
  return undefined;
}

/** Throws INVALID_INPUT naming `slug` when the slug breaks a rule. */
export function assertValidSlug(slug: string, field = 'slug'): void {
  const problem = slugProblem(slug);
  if (problem) throw invalidInput(field, problem);
}

/** Length in user-perceived characters (code points), not UTF-16 units. */
export function textLength(text: string): number {
  return [...text].length;
}

/**
 * A slug made from an organization name: accents dropped, every run of other characters a
 * hyphen, cut to the maximum length, and padded when too short.
 */
export function slugFromName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/['’]/g, '')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, slugLimits.max)
    .replace(/-+$/g, '');
  if (autoConfigurationLabels.has(base)) return `${base}-org`;
  if (base.length >= slugLimits.min) return base;
  return base ? `${base}-org` : 'org';
}

/**
 * The first candidate of `base`, `base-2`, `base-3`, ... that is not in `taken`, each cut so
 * that the suffix fits in the maximum length.
 */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base) && base.length >= slugLimits.min) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const stem = base.slice(0, slugLimits.max - suffix.length).replace(/-+$/g, '');
    const candidate = `${stem}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
