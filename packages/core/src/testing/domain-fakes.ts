import type { DnsAnswer, DnsFailure, DnsResolver, PlatformTarget } from '../portal-domains/dns.ports.js';
import type { CertificateDeps } from '../portal-domains/certificate.service.js';
import type {
  CertificateAuthority,
  CertificateQueue,
  CertificateStore,
  IssuedCertificate,
} from '../portal-domains/portal-domain.ports.js';
import type { DomainDeps } from '../portal-domains/verification.service.js';
import { defaultCheckPolicy, type CheckPolicy } from '../portal-domains/verification.rules.js';
import type { Clock } from '../shared/ports.js';
import { createTestDeps, type FakeClock, type RecordingPublisher, type TestDeps } from './in-memory-fakes.js';
import type { InMemoryStore } from './in-memory-store.js';
import { createFakeSecretBox, type FakeSecretBox } from './settings-fakes.js';

export type DnsRecordType = 'txt' | 'cname' | 'a' | 'aaaa';

/** A resolver answering what a test set, per record type and name; anything unset has no data. */
export interface FakeDnsResolver extends DnsResolver {
  /** Every look-up asked, in order. */
  readonly lookups: { type: DnsRecordType; name: string }[];
  /** Answers look-ups of `type` at `name` with these records, or with this failure. */
  set(type: DnsRecordType, name: string, answer: readonly string[] | DnsFailure): void;
  /** Holds every answer, asked before or after, until the returned release is called. */
  hold(): () => void;
}

/** A fake DnsResolver; unset names answer `nodata`. */
export function createFakeDnsResolver(): FakeDnsResolver {
  const lookups: { type: DnsRecordType; name: string }[] = [];
  const answers = new Map<string, DnsAnswer>();
  const key = (type: DnsRecordType, name: string) => `${type}:${name.toLowerCase()}`;
  let gate: Promise<void> | undefined;
  const lookUp = async (type: DnsRecordType, name: string): Promise<DnsAnswer> => {
    lookups.push({ type, name });
    if (gate) await gate;
    return structuredClone(
      answers.get(key(type, name)) ?? {
        ok: false,
        failure: 'nodata',
        message: `no ${type.toUpperCase()} data for ${name}`,
      },
    );
  };
  return {
    lookups,
    set(type, name, answer) {
      const value: DnsAnswer =
        typeof answer === 'string'
          ? { ok: false, failure: answer, message: `${answer} for ${name}` }
          : { ok: true, records: [...answer] };
      answers.set(key(type, name), value);
    },
    hold() {
      let release = () => {};
      gate = new Promise((resolve) => {
        release = () => {
          gate = undefined;
          resolve();
        };
      });
      return release;
    },
    txt: (name) => lookUp('txt', name),
    cname: (name) => lookUp('cname', name),
    a: (name) => lookUp('a', name),
    aaaa: (name) => lookUp('aaaa', name),
  };
}

/** A certificate queue that only remembers the domains it was asked for. */
export interface RecordingCertificateQueue extends CertificateQueue {
  readonly requested: string[];
}

/** A recording CertificateQueue. */
export function createRecordingCertificateQueue(): RecordingCertificateQueue {
  const requested: string[] = [];
  return {
    requested,
    async request(domainId) {
      requested.push(domainId);
    },
  };
}

/** A certificate authority that issues or fails as told, remembering the hosts it was asked for. */
export interface FakeCertificateAuthority extends CertificateAuthority {
  readonly calls: string[];
  /** Issues this (the rest made up) on this and later orders, validating first. */
  succeedWith(cert?: Partial<IssuedCertificate>): void;
  /** Fails this and later orders with `error`, before validation. */
  failWith(error: Error | string): void;
}

/** The made-up certificate the fake CA issues for `host`: valid 90 days from `now`. */
export function fakeCertificate(host: string, now: Date): IssuedCertificate {
  return {
    certPem: `-----BEGIN CERTIFICATE-----\ncert-for-${host}\n-----END CERTIFICATE-----\n`,
    keyPem: `-----BEGIN PRIVATE KEY-----\nkey-for-${host}\n-----END PRIVATE KEY-----\n`,
    expiresAt: new Date(now.getTime() + 90 * 86_400_000).toISOString(),
  };
}

/** A fake CertificateAuthority; it succeeds until told otherwise. */
export function createFakeCertificateAuthority(clock: Clock): FakeCertificateAuthority {
  const calls: string[] = [];
  let outcome: { ok: true; cert: Partial<IssuedCertificate> } | { ok: false; error: Error } = { ok: true, cert: {} };
  return {
    calls,
    succeedWith(cert = {}) {
      outcome = { ok: true, cert };
    },
    failWith(error) {
      outcome = { ok: false, error: typeof error === 'string' ? new Error(error) : error };
    },
    async obtain(host, onValidated) {
      calls.push(host);
      if (!outcome.ok) throw outcome.error;
      await onValidated();
      return { ...fakeCertificate(host, clock.now()), ...outcome.cert };
    },
  };
}

type StoredCertificate = { certPem: string; keySealed: string; expiresAt: string };

/** Certificates kept in memory by domain id. */
export interface InMemoryCertificateStore extends CertificateStore {
  readonly saved: Map<string, StoredCertificate>;
}

/** An in-memory CertificateStore; `findForHost` serves only active, verified custom domains of `store`. */
export function createInMemoryCertificateStore(store: InMemoryStore): InMemoryCertificateStore {
  const saved = new Map<string, StoredCertificate>();
  return {
    saved,
    async save(domainId, cert) {
      saved.set(domainId, { ...cert });
    },
    async findForHost(host) {
      const domain = store.state.portalDomains.find((d) => d.customDomain === host && d.dnsVerified && d.isActive);
      const cert = domain && saved.get(domain.id);
      return cert && { certPem: cert.certPem, keySealed: cert.keySealed };
    },
  };
}

/** Where the fake platform is reached: a base domain and one IPv4 and one IPv6 address. */
export const testPlatform: PlatformTarget = {
  baseDomain: 'portal.ocore.test',
  publicIps: ['198.51.100.10', '2001:db8::10'],
};

export interface DomainTestDeps extends TestDeps, DomainDeps, CertificateDeps {
  store: InMemoryStore;
  events: RecordingPublisher;
  clock: FakeClock;
  dns: FakeDnsResolver;
  certificates: RecordingCertificateQueue;
  ca: FakeCertificateAuthority;
  certificateStore: InMemoryCertificateStore;
  secrets: FakeSecretBox;
}

/** The test deps plus fakes of the DNS, certificate and secret ports, for portal-domain checks. */
export function createDomainTestDeps(
  options: { platform?: PlatformTarget; checkPolicy?: Partial<CheckPolicy>; keyId?: string } = {},
): DomainTestDeps {
  const base = createTestDeps();
  return {
    ...base,
    dns: createFakeDnsResolver(),
    platform: options.platform ?? testPlatform,
    checkPolicy: { ...defaultCheckPolicy, ...options.checkPolicy },
    certificates: createRecordingCertificateQueue(),
    ca: createFakeCertificateAuthority(base.clock),
    certificateStore: createInMemoryCertificateStore(base.store),
    secrets: createFakeSecretBox(options.keyId),
  };
}
