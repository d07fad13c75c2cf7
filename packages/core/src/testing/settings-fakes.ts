import { createHash } from 'node:crypto';
import type { DrDeps } from '../disaster-recovery/dr.service.js';
import type { DocumentSigner } from '../disaster-recovery/dr.ports.js';
import type {
  PosthogClient,
  PosthogProbe,
  RemoteSubscriptionAnswer,
  SubscriptionVerifier,
} from '../org-settings/org-settings.ports.js';
import { createTestDeps, type FakeClock, type RecordingPublisher, type TestDeps } from './in-memory-fakes.js';
import type { InMemoryStore } from './in-memory-store.js';
import { createInstanceFakes, type InstanceFakes } from './instance-fakes.js';
import { createRecordingCssSanitizer, type RecordingCssSanitizer } from './agency-fixtures.js';
import type { SecretBox } from '../shared/secret-box.js';

const sealedPrefix = 'enc:v1:';

/** A reversible SecretBox that knows one key id; `keyId` says which. */
export interface FakeSecretBox extends SecretBox {
  readonly keyId: string;
}

function parseSealed(sealed: string): { kid: string; data: string } {
  const rest = sealed.startsWith(sealedPrefix) ? sealed.slice(sealedPrefix.length) : '';
  const colon = rest.indexOf(':');
  if (colon <= 0) throw new Error('not a sealed secret');
  return { kid: rest.slice(0, colon), data: rest.slice(colon + 1) };
}

/**
 * A fake SecretBox sealing as `enc:v1:<keyId>:<base64>`. It opens only its own key id;
 * `reseal` also accepts values whose key id equals `previousKey`, so a test can play a
 * server that was given another server's master key.
 */
export function createFakeSecretBox(keyId = 'k1'): FakeSecretBox {
  const seal = (plaintext: string) => `${sealedPrefix}${keyId}:${Buffer.from(plaintext, 'utf8').toString('base64')}`;
  const decode = (data: string) => Buffer.from(data, 'base64').toString('utf8');
  return {
    keyId,
    seal,
    open(sealed) {
      const { kid, data } = parseSealed(sealed);
      if (kid !== keyId) throw new Error(`sealed under key ${kid}, which this box does not hold`);
      return decode(data);
    },
    keyIdOf: (sealed) => parseSealed(sealed).kid,
    reseal(sealed, previousKey) {
      try {
        const { kid, data } = parseSealed(sealed);
        if (kid !== keyId && kid !== previousKey) return undefined;
        return seal(decode(data));
      } catch {
        return undefined;
      }
    },
  };
}

/** A PostHog client answering with a set probe and remembering what it was asked. */
export interface FakePosthogClient extends PosthogClient {
  readonly calls: { host: string; apiKey: string }[];
  /** The probe this and every later call answers, until set again. */
  setNextProbe(probe: PosthogProbe): void;
}

/** A fake PostHog client; it answers `{ ok: true, projectName: 'Test project' }` until told otherwise. */
export function createFakePosthogClient(): FakePosthogClient {
  const calls: { host: string; apiKey: string }[] = [];
  let next: PosthogProbe = { ok: true, projectName: 'Test project' };
  return {
    calls,
    setNextProbe(probe) {
      next = probe;
    },
    async currentProject(host, apiKey) {
      calls.push({ host, apiKey });
      return structuredClone(next);
    },
  };
}

/** A subscription verifier that can be configured or not, remembering what it was asked. */
export interface FakeSubscriptionVerifier extends SubscriptionVerifier {
  readonly calls: { code: string; odooVersion: string }[];
  /** Configures a remote authority answering `answer`, or removes it with `configured: false`. */
  configure(options: { configured: boolean; answer?: RemoteSubscriptionAnswer }): void;
}

export const notConfiguredReason = 'no remote verifier is configured';

/**
 * A fake subscription verifier, unconfigured at first. Like the HTTP one, an unconfigured
 * verifier answers `checked: false` rather than throwing.
 */
export function createFakeSubscriptionVerifier(): FakeSubscriptionVerifier {
  const calls: { code: string; odooVersion: string }[] = [];
  let configured = false;
  let answer: RemoteSubscriptionAnswer = { checked: true, valid: true };
  return {
    calls,
    configure(options) {
      configured = options.configured;
      if (options.answer) answer = options.answer;
    },
    isConfigured: () => configured,
    async verify(code, odooVersion) {
      calls.push({ code, odooVersion });
      return configured ? structuredClone(answer) : { checked: false, reason: notConfiguredReason };
    },
  };
}

function withSortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, withSortedKeys(v)]));
}

/** sha256 (hex) of the JSON of `value` with its object keys sorted: equal content, equal hash. */
export function hashCanonicalJson(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(withSortedKeys(value ?? null)))
    .digest('hex');
}

/**
 * A signer keyed by a test secret: `v1:<keyId>:<sha256 of key and canonical JSON>`. The
 * previous master key, when given, is the other key id it accepts.
 */
export function createFakeSigner(keyId = 'k1'): DocumentSigner {
  const mac = (key: string, value: unknown) => hashCanonicalJson({ key, value });
  return {
    sign: (value) => `v1:${keyId}:${mac(keyId, value)}`,
    verify(value, signature, previousMasterKey) {
      const [, kid, hex] = signature.split(':');
      if (kid !== keyId && kid !== previousMasterKey) return 'unknown_key';
      return kid !== undefined && hex === mac(kid, value) ? 'valid' : 'altered';
    },
  };
}

export interface SettingsTestDeps extends TestDeps, DrDeps, InstanceFakes {
  store: InMemoryStore;
  events: RecordingPublisher;
  clock: FakeClock;
  secrets: FakeSecretBox;
  posthog: FakePosthogClient;
  subscriptions: FakeSubscriptionVerifier;
  css: RecordingCssSanitizer;
}

/** The test deps plus fakes of the settings and disaster-recovery ports. */
export function createSettingsTestDeps(options: { keyId?: string } = {}): SettingsTestDeps {
  return {
    ...createTestDeps(),
    secrets: createFakeSecretBox(options.keyId),
    posthog: createFakePosthogClient(),
    subscriptions: createFakeSubscriptionVerifier(),
    hashContent: hashCanonicalJson,
    signer: createFakeSigner(options.keyId),
    css: createRecordingCssSanitizer(),
    ...createInstanceFakes(),
  };
}
