import type { DnsAnswer, PlatformTarget } from './dns.ports.js';

export const verificationStatuses = ['pending', 'verified', 'misconfigured', 'inactive'] as const;
export type VerificationStatus = (typeof verificationStatuses)[number];

export interface CheckPolicy {
  /** First retry of a pending domain, growing by 1.5× per failure, up to `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** How often a verified domain is checked again. */
  verifiedIntervalMs: number;
  /** A verified domain failing this long becomes misconfigured... */
  misconfiguredAfterMs: number;
  /** ...and this long, inactive. */
  inactiveAfterMs: number;
}

export const defaultCheckPolicy: CheckPolicy = {
  baseBackoffMs: 60_000,
  maxBackoffMs: 6 * 3_600_000,
  verifiedIntervalMs: 3_600_000,
  misconfiguredAfterMs: 10 * 60_000,
  inactiveAfterMs: 24 * 3_600_000,
};

/** The wait before the next check of a pending domain after `failures` failed ones: min(1 min · 1.5ⁿ, 6 h). */
export function backoffMs(failures: number, policy: CheckPolicy = defaultCheckPolicy): number {
  return Math.min(policy.baseBackoffMs * 1.5 ** Math.max(0, failures), policy.maxBackoffMs);
}

export type TxtFinding = 'found' | 'wrong_value' | 'no_record' | 'nxdomain' | 'timeout' | 'error';
export type PointingFinding = 'cname' | 'address' | 'not_pointing' | 'not_configured' | 'timeout' | 'error';

export interface Diagnostics {
  checkedAt: string;
  record: { type: 'TXT'; name: string; expected: string };
  txt: { status: TxtFinding; found: string[]; message: string };
  pointing: {
    status: PointingFinding;
    cname: string[];
    addresses: string[];
    expected: { cname: string | null; addresses: string[] };
    message: string;
  };
}

/** What the TXT answer says about ownership. */
export function judgeTxt(answer: DnsAnswer, name: string, expected: string): Diagnostics['txt'] {
  if (!answer.ok) {
    const status: TxtFinding =
      answer.failure === 'nxdomain'
        ? 'nxdomain'
        : answer.failure === 'nodata'
          ? 'no_record'
          : answer.failure === 'timeout'
            ? 'timeout'
            : 'error';
    const messages: Record<TxtFinding, string> = {
      found: '',
      wrong_value: '',
      no_record: `No TXT record at ${name} yet: add one with the value ${expected}`,
      nxdomain: `${name} does not exist in DNS (NXDOMAIN): add a TXT record there with the value ${expected}`,
      timeout: `The DNS lookup of ${name} timed out; will try again`,
      error: `The DNS lookup of ${name} failed: ${answer.message}`,
    };
    return { status, found: [], message: messages[status] };
  }
  if (answer.records.includes(expected))
    return { status: 'found', found: answer.records, message: `TXT record ${name} holds the expected value` };
  return {
    status: 'wrong_value',
    found: answer.records,
    message: `TXT record ${name} holds ${answer.records.map((r) => `"${r}"`).join(', ')}, not the expected ${expected}`,
  };
}

/** Whether the domain's CNAME or addresses lead to this platform. */
export function judgePointing(
  host: string,
  cname: DnsAnswer,
  a: DnsAnswer,
  aaaa: DnsAnswer,
  target: PlatformTarget,
): Diagnostics['pointing'] {
  const base = target.baseDomain?.toLowerCase();
  const expected = { cname: base ?? null, addresses: [...target.publicIps] };
  const cnames = cname.ok ? cname.records.map((r) => r.toLowerCase().replace(/\.$/, '')) : [];
  const addresses = [...(a.ok ? a.records : []), ...(aaaa.ok ? aaaa.records : [])];
  const result = (status: PointingFinding, message: string) => ({
    status,
    cname: cnames,
    addresses,
    expected,
    message,
  });
  if (!base && target.publicIps.length === 0) {
    return result(
      'not_configured',
      'This platform has no OCORE_PORTAL_BASE_DOMAIN or OCORE_PUBLIC_IPS, so where the domain points was not checked',
    );
  }
  if (base && cnames.some((c) => c === base || c.endsWith(`.${base}`)))
    return result('cname', `${host} is a CNAME to ${cnames.join(', ')}`);
  if (addresses.some((ip) => target.publicIps.includes(ip)))
    return result('address', `${host} resolves to ${addresses.join(', ')}`);
  if (addresses.length === 0 && cnames.length === 0) {
    // Only "no such name" and "no such record" mean the records are missing; anything else is a failed look-up.
    const failure = [cname, a, aaaa].find((x) => !x.ok && x.failure !== 'nodata' && x.failure !== 'nxdomain');
    if (failure && !failure.ok) {
      if (failure.failure === 'timeout')
        return result('timeout', `The DNS lookup of ${host} timed out; will try again`);
      return result('error', `The DNS lookup of ${host} failed (${failure.failure}): ${failure.message}`);
    }
  }
  const wanted = [
    base && `a CNAME to ${base}`,
    target.publicIps.length && `an A/AAAA record to ${target.publicIps.join(' or ')}`,
  ]
    .filter(Boolean)
    .join(' or ');
  const seen =
    cnames.length || addresses.length
      ? `it resolves to ${[...cnames, ...addresses].join(', ')}`
      : 'it has no A, AAAA or CNAME record';
  return result('not_pointing', `${host} does not point at this platform (${seen}); add ${wanted}`);
}

/** True when the domain proves ownership and leads here. */
export function passes(d: Pick<Diagnostics, 'txt' | 'pointing'>): boolean {
  return d.txt.status === 'found' && ['cname', 'address', 'not_configured'].includes(d.pointing.status);
}

export interface DomainCheckState {
  status: VerificationStatus;
  dnsVerified: boolean;
  isActive: boolean;
  checkFailures: number;
  failingSince: string | null;
}

export interface CheckOutcome extends DomainCheckState {
  lastCheckedAt: string;
  nextCheckAt: string;
  lastError: string | null;
  dnsVerifiedAt?: string;
}

/**
 * The domain's next state after a check: a pending domain becomes verified when it passes
 * and otherwise backs off; a verified one that stops passing becomes misconfigured after a
 * grace period, then inactive; one that passes again recovers.
 */
export function nextState(
  state: DomainCheckState,
  diagnostics: Diagnostics,
  now: Date,
  policy: CheckPolicy = defaultCheckPolicy,
): CheckOutcome {
  const at = now.toISOString();
  const later = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const error = passes(diagnostics)
    ? null
    : diagnostics.txt.status !== 'found'
      ? diagnostics.txt.message
      : diagnostics.pointing.message;
  if (!error) {
    const firstTime = !state.dnsVerified;
    return {
      status: 'verified',
      dnsVerified: true,
      isActive: true,
      checkFailures: 0,
      failingSince: null,
      lastCheckedAt: at,
      nextCheckAt: later(policy.verifiedIntervalMs),
      lastError: null,
      ...(firstTime ? { dnsVerifiedAt: at } : {}),
    };
  }
  if (!state.dnsVerified) {
    const failures = state.checkFailures + 1;
    // The n-th failure in a row waits baseBackoff · 1.5ⁿ⁻¹: the first retry comes after baseBackoff.
    return {
      status: 'pending',
      dnsVerified: false,
      isActive: false,
      checkFailures: failures,
      failingSince: null,
      lastCheckedAt: at,
      nextCheckAt: later(backoffMs(failures - 1, policy)),
      lastError: error,
    };
  }
  const since = state.failingSince ?? at;
  const failingMs = now.getTime() - Date.parse(since);
  // Once inactive, a domain stays so until it passes again, whatever the grace periods say now.
  const inactive = state.status === 'inactive' || failingMs >= policy.inactiveAfterMs;
  const misconfigured = failingMs >= policy.misconfiguredAfterMs;
  return {
    status: inactive ? 'inactive' : misconfigured ? 'misconfigured' : 'verified',
    dnsVerified: true,
    isActive: !inactive && state.isActive,
    checkFailures: state.checkFailures + 1,
    failingSince: since,
    lastCheckedAt: at,
    nextCheckAt: later(Math.min(policy.baseBackoffMs * 5, policy.verifiedIntervalMs)),
    lastError: error,
  };
}
