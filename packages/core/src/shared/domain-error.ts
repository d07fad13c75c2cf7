/**
 * The closed set of failure codes a use case may raise. The server maps each code to an
 * HTTP status and a tRPC code in one table (server/src/trpc/error-map.ts).
 */
export const domainErrorCodes = [
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'ACCESS_REVOKED',
  'INVALID_CREDENTIALS',
  'NO_CURRENT_ORGANIZATION',
  'PERMISSION_DENIED',
  'NOT_A_MEMBER',
  'OWNER_ONLY',
  'NOT_FOUND',
  'SLUG_TAKEN',
  'EMAIL_TAKEN',
  'ALREADY_MEMBER',
  'LAST_OWNER',
  'RATE_LIMITED',
  'AGENCY_NOT_ENABLED',
  'AGENCY_NOT_ALLOWED',
  'FEATURE_DISABLED',
  'DOMAIN_TAKEN',
  'IN_USE',
  'TOPOLOGY_INVALID',
  'DEPLOYMENT_RUNNING',
  'PASSKEY_REQUIRED',
  'UNAVAILABLE',
  'FILE_CHANGED',
] as const;

export type DomainErrorCode = (typeof domainErrorCodes)[number];

export interface DomainErrorOptions {
  /** The input field the error is about, e.g. `slug`. */
  field?: string;
  /** The permission that was missing, for PERMISSION_DENIED. */
  permission?: string;
  /** Seconds after which a retry may succeed, for RATE_LIMITED. */
  retryAfterSeconds?: number;
  /** The portal feature that is switched off, for FEATURE_DISABLED. */
  feature?: string;
  /** Where to go to fix it, e.g. passkey registration for PASSKEY_REQUIRED. */
  link?: string;
  /** What validation found, for TOPOLOGY_INVALID. */
  issues?: readonly { nodeId?: string; code: string; message: string }[];
}

/** A rule of the domain was broken; `code` says which kind, the message says it to a person. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly field: string | undefined;
  readonly permission: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly feature: string | undefined;
  readonly link: string | undefined;
  readonly issues: readonly { nodeId?: string; code: string; message: string }[] | undefined;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message);
    this.field = options.field;
    this.permission = options.permission;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.feature = options.feature;
    this.issues = options.issues;
    this.link = options.link;
  }
}

/** True when `error` is a DomainError, optionally of the given code. */
export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/** The answer for an id that is unknown or belongs to another organization: the same, so nothing leaks. */
export function notFound(what: string): DomainError {
  return new DomainError('NOT_FOUND', `${what} not found`);
}

// Conflicts, worded once: the database adapters and the in-memory fakes raise the same error.

/** The slug is another organization's. */
export function slugTaken(): DomainError {
  return new DomainError('SLUG_TAKEN', 'slug: this slug is already taken; choose another', { field: 'slug' });
}

/** The email is another account's. */
export function emailTaken(): DomainError {
  return new DomainError('EMAIL_TAKEN', 'email: an account with this email already exists', { field: 'email' });
}

/** The subdomain or custom domain is another portal's. */
export function domainTaken(field: 'subdomain' | 'customDomain', value: string): DomainError {
  return new DomainError('DOMAIN_TAKEN', `${field}: ${value} is already taken by another portal`, { field });
}

/** A custom domain held by another portal's unverified claim until `until` (ISO time). */
export function domainClaimed(field: 'subdomain' | 'customDomain', value: string, until: string): DomainError {
  return new DomainError(
    'DOMAIN_TAKEN',
    `${field}: ${value} is claimed by another portal that has not verified it yet; the claim expires at ${until} unless its DNS record is verified first`,
    { field },
  );
}

/** The domain is another instance's. */
export function instanceDomainTaken(domain: string): DomainError {
  return new DomainError('DOMAIN_TAKEN', `domain: ${domain} is already taken by an instance`, { field: 'domain' });
}

/** The user already belongs to the organization. */
export function alreadyMember(): DomainError {
  return new DomainError('ALREADY_MEMBER', 'email: this person is already a member of the organization', {
    field: 'email',
  });
}

/** The topology has a deployment queued or running. */
export function deploymentRunning(): DomainError {
  return new DomainError(
    'DEPLOYMENT_RUNNING',
    'A deployment of this topology is already queued or running; wait for it to finish',
  );
}

/** The instance has an operation queued or running. */
export function operationRunning(): DomainError {
  return new DomainError('DEPLOYMENT_RUNNING', 'An operation on this instance is queued or running; wait for it');
}

/** The instance has a restore queued or running. */
export function restoreRunning(): DomainError {
  return new DomainError('DEPLOYMENT_RUNNING', 'a restore of this instance is already queued or running');
}

/** An input value broke a rule; the message names the field. */
export function invalidInput(field: string, rule: string): DomainError {
  return new DomainError('INVALID_INPUT', `${field}: ${rule}`, { field });
}
