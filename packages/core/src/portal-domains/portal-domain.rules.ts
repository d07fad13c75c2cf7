/**
 * Names that clients look up on their own to configure themselves: a browser's proxy
 * (`wpad`), a mail client's account (`autodiscover`, `autoconfig`), IPv6 tunnelling (`isatap`).
 * Whoever holds one under a shared domain can capture those clients, so nobody may take one,
 * as a portal subdomain or an organization slug.
 */
export const autoConfigurationLabels = new Set(['wpad', 'autodiscover', 'autoconfig', 'isatap']);

/** Subdomains the platform keeps for itself. */
export const reservedSubdomains = new Set([
  ...autoConfigurationLabels,
  'www',
  'api',
  'admin',
  'app',
  'mail',
  'smtp',
  'imap',
  'pop',
  'ftp',
  'ns',
  'ns1',
  'ns2',
  'dns',
  'mx',
  'portal',
  'dashboard',
  'static',
  'assets',
  'cdn',
  'status',
  'docs',
  'help',
  'support',
  'billing',
  'auth',
  'login',
  'sso',
  'oauth',
  'id',
  'account',
  'accounts',
  'root',
  'system',
  'ocore',
  'localhost',
]);

const labelPattern = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why `label` cannot be a portal subdomain, or undefined. */
export function subdomainProblem(label: string): string | undefined {
  if (label.length < 1 || label.length > 63) return 'must be 1-63 characters';
  if (label !== label.toLowerCase()) return 'must be lowercase';
  if (!labelPattern.test(label))
    return 'must be one DNS label: letters, digits and hyphens, not starting or ending with a hyphen';
  if (reservedSubdomains.has(label)) return `"${label}" is reserved`;
  return undefined;
}

/**
 * A custom domain as stored: lowercased, without a trailing dot, international names in
 * their ASCII (punycode) form; undefined when it is not a valid hostname.
 */
export function normalizeHostname(input: string): string | undefined {
  const trimmed = input.trim().replace(/\.$/, '');
  if (!trimmed || trimmed.length > 255 || /[\s/:@?#%\\]/.test(trimmed)) return undefined;
  let ascii: string;
  try {
    ascii = new URL(`http://${trimmed}`).hostname;
  } catch {
    return undefined;
  }
  const labels = ascii.split('.');
  if (ascii.length > 253 || labels.length < 2) return undefined;
  if (!labels.every((l) => labelPattern.test(l))) return undefined;
  if (/^\d+$/.test(labels.at(-1) ?? '')) return undefined; // an IP address, not a name
  return ascii;
}

/** A fresh, unguessable DNS verification token (128 random bits). */
export function newVerificationToken(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return `ocore-verify-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The TXT record that proves ownership of a custom domain. */
export function verificationRecordName(customDomain: string): string {
  return `_ocore-verification.${customDomain}`;
}

/**
 * What a request's Host names: a subdomain under the portal base domain, or a custom
 * domain. The port and a trailing dot are ignored.
 */
export function parsePortalHost(
  host: string,
  baseDomain: string | undefined,
): { subdomain: string } | { customDomain: string } | undefined {
  const name = host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  if (!name) return undefined;
  const base = baseDomain?.toLowerCase().replace(/^\.+|\.+$/g, '');
  if (base && name.endsWith(`.${base}`)) {
    const label = name.slice(0, -(base.length + 1));
    return labelPattern.test(label) ? { subdomain: label } : undefined;
  }
  const normalized = normalizeHostname(name);
  return normalized ? { customDomain: normalized } : undefined;
}

/**
 * Days an unverified custom-domain claim holds its domain (as Cloudflare does): afterwards it
 * no longer blocks another agency from claiming the same domain.
 */
export const unverifiedClaimDays = 7;

/** When an unverified claim made at `createdAt` stops holding its domain. */
export function claimExpiresAt(createdAt: string): string {
  return new Date(new Date(createdAt).getTime() + unverifiedClaimDays * 86_400_000).toISOString();
}
