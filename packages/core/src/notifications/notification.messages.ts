import type { MetricThreshold } from '../instance-monitoring/instance-metrics.schema.js';
import type { OperationKind } from '../instances/operation.schema.js';
import type { DomainEventType } from '../shared/domain-events.js';
import type { DomainEvent } from '../shared/events.js';
import type { NotificationMessage } from './notification.ports.js';
import type { NotificationKind } from './notification.schema.js';

/** A message, and the state it moves its target to: sent only on the transitions named. */
export interface Candidate {
  message: NotificationMessage;
  /** When set, the message is sent only if the target's stored state was one of `from` (or anything but `to`). */
  transition?: { key: string; to: string; from?: readonly string[] };
  /** Records the target's state only (e.g. a domain whose certificate is fine again). */
  silent?: boolean;
}

function text(value: string | null | undefined): string | null {
  return value ? value : null;
}

function message(
  event: DomainEvent,
  kind: NotificationKind,
  target: NotificationMessage['target'],
  title: string,
  body: string,
  organizationId = event.organizationId,
): NotificationMessage {
  return {
    kind,
    organizationId,
    title,
    text: body,
    target,
    occurredAt: event.createdAt,
    // Down and recovered share a key: a flapping instance coalesces into one message.
    coalesceKey: `${kind.replace(/\.(down|recovered|unreachable)$/, '.availability')}:${target.type}:${target.id ?? ''}`,
    eventId: event.id,
  };
}

function instanceCandidates(event: DomainEvent<'instance.status'>): Candidate[] {
  const { instance } = event.payload;
  const id = instance.id;
  const name = text(instance.name) ?? id;
  const target = { type: 'instance', id, name };
  const key = `instance:${id}`;
  const status = instance.status;
  if (status === 'failed' && instance.failedStep === 'health check') {
    const reason = text(instance.failureReason) ?? 'its health check failed';
    return [
      {
        message: message(
          event,
          'instance.down',
          target,
          `Instance ${name} is down`,
          `Instance ${name} stopped answering: ${reason}.`,
        ),
        transition: { key, to: 'down' },
      },
    ];
  }
  if (status === 'running')
    return [
      {
        message: message(
          event,
          'instance.recovered',
          target,
          `Instance ${name} is back up`,
          `Instance ${name} answers again.`,
        ),
        transition: { key, to: 'up', from: ['down'] },
      },
    ];
  return [];
}

/**
 * Which notification a failed operation is: an update (a change of version, image or settings
 * applied to an existing instance) is told apart from a deploy, so that rules can route them
 * separately; provisioning, redeploying, starting and restarting count as deploys.
 */
function failedOperationKind(kind: OperationKind): NotificationKind | null {
  if (kind === 'delete' || kind === 'stop') return null;
  return kind === 'update' ? 'instance.update_failed' : 'instance.deploy_failed';
}

function operationCandidates(event: DomainEvent<'instance.operation'>, context: EventContext): Candidate[] {
  const { operation } = event.payload;
  const notification = operation.status === 'failed' ? failedOperationKind(operation.kind) : null;
  if (!notification) return [];
  const id = operation.instanceId;
  const named = context.instanceName;
  const kind = operation.kind;
  const reason = text(operation.error) ?? 'no reason was given';
  const step = text(operation.step);
  return [
    {
      message: message(
        event,
        notification,
        { type: 'instance', id, name: named ?? id },
        named ? `The ${kind} of instance ${named} failed` : `The ${kind} of an instance failed`,
        `The ${kind} of instance ${named ?? id ?? ''} failed${step ? ` at the step "${step}"` : ''}: ${reason}.`,
      ),
    },
  ];
}

/** What a backup's notification says: whose, about what, and why. */
interface BackupNews {
  id: string | null;
  instanceId: string | null;
  instanceName: string | null;
  reason: string | null;
}

/** The news in a failed backup, a schedule's alarm or a failed drill. */
function backupNews(
  event: DomainEvent<'backup.status' | 'backup.failed' | 'backup.overdue' | 'backup.verify_failed'>,
): BackupNews {
  if (event.type !== 'backup.status') return { ...event.payload, id: event.payload.targetId };
  const { backup } = event.payload;
  return { id: backup.id, instanceId: backup.instanceId, instanceName: null, reason: backup.reason };
}

function backupCandidates(news: BackupNews, event: DomainEvent, kind: NotificationKind, what: string): Candidate[] {
  const { id, instanceId } = news;
  const instanceName = text(news.instanceName) ?? instanceId;
  const reason = text(news.reason) ?? 'no reason was given';
  return [
    {
      message: message(
        event,
        kind,
        { type: instanceId ? 'instance' : 'backup', id: instanceId ?? id, name: instanceName },
        `${what} of instance ${instanceName ?? ''}`.trim(),
        `${what} of instance ${instanceName ?? ''}: ${reason}.`,
      ),
    },
  ];
}

/** A served domain's state, whether a portal's or an instance's: its certificate and its DNS. */
interface DomainNews {
  id: string;
  name: string;
  /** The organization told: the client a portal domain serves, else the event's. */
  owner: string;
  target: NotificationMessage['target'];
  sslStatus: string;
  sslError: string | null;
  status: string;
  lastError: string | null;
  path?: string;
}

function domainStateCandidates(event: DomainEvent, news: DomainNews): Candidate[] {
  const { id, name, owner, target } = news;
  const withPath = (sent: NotificationMessage) => (news.path ? { ...sent, path: news.path } : sent);
  const failed = news.sslStatus === 'failed';
  const sslError = text(news.sslError) ?? 'the certificate authority refused the order';
  const misconfigured = news.status === 'misconfigured';
  const dnsError = text(news.lastError) ?? 'its DNS records no longer point here';
  return [
    {
      message: withPath(
        message(
          event,
          'certificate.failed',
          target,
          `The certificate of ${name} failed`,
          `No certificate could be obtained for ${name}: ${sslError}.`,
          owner,
        ),
      ),
      transition: { key: `certificate:${id}`, to: failed ? 'failed' : 'ok' },
      silent: !failed,
    },
    {
      message: withPath(
        message(
          event,
          'domain.misconfigured',
          target,
          `${name} is misconfigured`,
          `${name} is misconfigured: ${dnsError}.`,
          owner,
        ),
      ),
      transition: { key: `domain:${id}`, to: misconfigured ? 'misconfigured' : 'ok' },
      silent: !misconfigured,
    },
  ];
}

function portalDomainCandidates(event: DomainEvent<'portal_domain.status'>): Candidate[] {
  const { domain } = event.payload;
  const name = text(domain.customDomain) ?? text(domain.subdomain) ?? domain.id;
  return domainStateCandidates(event, {
    ...domain,
    name,
    owner: text(domain.clientOrgId) ?? event.organizationId,
    target: { type: 'portal_domain', id: domain.id, name },
  });
}

/** An instance's own domain: the same certificate and DNS news, with a link to its domains. */
function instanceDomainCandidates(event: DomainEvent<'instance_domain.status'>): Candidate[] {
  const { domain, instanceId } = event.payload;
  const name = text(domain.domain) ?? domain.id;
  return domainStateCandidates(event, {
    ...domain,
    name,
    owner: event.organizationId,
    target: { type: 'instance_domain', id: domain.id, name },
    ...(instanceId ? { path: `/instances/${instanceId}/domains` } : {}),
  });
}

/** A reminder's notification: one per reminder (its days in the coalesce key), with an optional link. */
function reminderCandidate(
  event: DomainEvent,
  kind: 'certificate.expiring' | 'domain.unverified',
  target: NotificationMessage['target'],
  words: { title: string; text: string; owner: string; days: number; path?: string },
): Candidate[] {
  const sent = message(event, kind, target, words.title, words.text, words.owner);
  const coalesceKey = `${kind}:${target.id ?? ''}:${words.days}`;
  return [{ message: { ...sent, coalesceKey, ...(words.path ? { path: words.path } : {}) } }];
}

const inDays = (days: number) => `in ${days} day${days === 1 ? '' : 's'}`;

function portalExpiringCandidates(event: DomainEvent<'portal_domain.expiring'>): Candidate[] {
  const p = event.payload;
  const name = text(p.domainName) ?? p.targetId ?? 'a domain';
  const when = inDays(p.daysLeft);
  return reminderCandidate(
    event,
    'certificate.expiring',
    { type: 'portal_domain', id: text(p.targetId), name },
    {
      title: `The certificate of ${name} expires ${when}`,
      text: `The certificate of ${name} expires ${when} (${text(p.expiresAt) ?? 'date unknown'}) and has not been renewed.`,
      owner: text(p.clientOrgId) ?? event.organizationId,
      days: p.daysLeft,
    },
  );
}

function portalUnverifiedCandidates(event: DomainEvent<'portal_domain.unverified'>): Candidate[] {
  const p = event.payload;
  const name = text(p.domainName) ?? 'a domain';
  return reminderCandidate(
    event,
    'domain.unverified',
    { type: 'portal_domain', id: text(p.targetId), name },
    {
      title: `${name} is still not verified`,
      text: `${name} was added ${p.days} days ago and its DNS records are still not in place; it is not served until they are.`,
      owner: text(p.clientOrgId) ?? event.organizationId,
      days: p.days,
    },
  );
}

/** An instance's domain or hostname in a reminder: named with its instance and organization, and linked. */
function instanceReminder(event: DomainEvent<'instance_domain.expiring' | 'instance_domain.unverified'>) {
  const p = event.payload;
  const name = text(p.domain) ?? p.targetId ?? 'a domain';
  const instance = `instance ${text(p.instanceName) ?? p.instanceId}`;
  const organization = text(p.organizationName);
  const whose = `${instance}${organization ? ` of ${organization}` : ''}`;
  // The hostname (`targetType` instance) is the instance's own address, shown on its page.
  const isHostname = p.targetType === 'instance';
  return {
    name,
    instance,
    described: `${name}, ${isHostname ? 'the address' : 'a domain'} of ${whose},`,
    target: { type: text(p.targetType) ?? 'instance_domain', id: text(p.targetId), name },
    owner: event.organizationId,
    path: `/instances/${p.instanceId}${isHostname ? '' : '/domains'}`,
  };
}

function instanceExpiringCandidates(event: DomainEvent<'instance_domain.expiring'>): Candidate[] {
  const { name, instance, described, target, owner, path } = instanceReminder(event);
  const p = event.payload;
  const when = inDays(p.daysLeft);
  return reminderCandidate(event, 'certificate.expiring', target, {
    title: `The certificate of ${name} (${instance}) expires ${when}`,
    text: `The certificate of ${described} expires ${when} (${text(p.expiresAt) ?? 'date unknown'}) and has not been renewed.`,
    owner,
    days: p.daysLeft,
    path,
  });
}

function instanceUnverifiedCandidates(event: DomainEvent<'instance_domain.unverified'>): Candidate[] {
  const { name, instance, described, target, owner, path } = instanceReminder(event);
  const days = event.payload.days;
  return reminderCandidate(event, 'domain.unverified', target, {
    title: `${name} (${instance}) is still not verified`,
    text: `${described} was added ${days} days ago and its DNS records are still not in place; it is not served until they are.`,
    owner,
    days,
    path,
  });
}

function serverCandidates(event: DomainEvent<'server.status'>): Candidate[] {
  const { server } = event.payload;
  const id = server.id;
  const name = text(server.name) ?? id;
  const target = { type: 'server', id, name };
  if (server.status === 'unreachable')
    return [
      {
        message: message(
          event,
          'server.unreachable',
          target,
          `Server ${name} is unreachable`,
          `Server ${name} cannot be reached: ${text(server.lastProbeError) ?? 'no answer'}.`,
        ),
        transition: { key: `server:${id}`, to: 'unreachable' },
      },
    ];
  if (server.status === 'active')
    return [
      {
        message: message(
          event,
          'server.recovered',
          target,
          `Server ${name} is reachable again`,
          `Server ${name} answers again.`,
        ),
        transition: { key: `server:${id}`, to: 'active', from: ['unreachable'] },
      },
    ];
  return [];
}

/** What a crossed threshold means, in words. */
const thresholdWords: Record<MetricThreshold, { raised: string; cleared: string }> = {
  memory_high: { raised: 'uses over 90 % of its memory limit', cleared: 'is back under 90 % of its memory limit' },
  health_failing: { raised: 'fails its health check', cleared: 'passes its health check again' },
};

function thresholdCandidates(event: DomainEvent<'instance.threshold'>): Candidate[] {
  const p = event.payload;
  const id = text(p.targetId);
  const name = text(p.instanceName) ?? id ?? 'an instance';
  const raised = p.state === 'raised';
  const words = thresholdWords[p.threshold];
  const what = raised ? words.raised : words.cleared;
  const title = `Instance ${name} ${what}`;
  const target = { type: 'instance', id, name };
  const sent = message(event, 'instance.threshold', target, title, `${title}.`);
  return [{ message: id ? { ...sent, path: `/instances/${id}/monitoring` } : sent }];
}

/** The event types that may cause a notification (the notifier wakes for these only). */
export const notifiedEventTypes: ReadonlySet<DomainEventType> = new Set<DomainEventType>([
  'instance.status',
  'instance.operation',
  'instance.threshold',
  'backup.status',
  'backup.failed',
  'backup.overdue',
  'backup.verify_failed',
  'portal_domain.status',
  'portal_domain.expiring',
  'portal_domain.unverified',
  'instance_domain.status',
  'instance_domain.expiring',
  'instance_domain.unverified',
  'server.status',
]);

/** The notifications an event may cause (before rules, state and coalescing). */
/** What an event does not carry but its notification names: the operation's instance's name. */
export interface EventContext {
  instanceName?: string;
}

/** Whether the event's notification names an instance the event carries only by id. */
export function needsInstanceName(event: DomainEvent): string | undefined {
  if (event.type !== 'instance.operation') return undefined;
  const { operation } = event.payload;
  return operation.status === 'failed' ? (operation.instanceId ?? undefined) : undefined;
}

export function candidatesFor(event: DomainEvent, context: EventContext = {}): Candidate[] {
  switch (event.type) {
    case 'instance.status':
      return instanceCandidates(event);
    case 'instance.operation':
      return operationCandidates(event, context);
    case 'backup.status':
      return event.payload.backup.status === 'failed'
        ? backupCandidates(backupNews(event), event, 'backup.failed', 'A backup failed')
        : [];
    case 'backup.failed':
      return backupCandidates(backupNews(event), event, 'backup.failed', 'A backup failed');
    case 'backup.overdue':
      return backupCandidates(backupNews(event), event, 'backup.overdue', 'A scheduled backup is overdue');
    case 'backup.verify_failed':
      return backupCandidates(backupNews(event), event, 'backup.restore_drill_failed', 'A restore drill failed');
    case 'portal_domain.status':
      return portalDomainCandidates(event);
    case 'instance_domain.status':
      return instanceDomainCandidates(event);
    case 'portal_domain.expiring':
      return portalExpiringCandidates(event);
    case 'portal_domain.unverified':
      return portalUnverifiedCandidates(event);
    case 'instance_domain.expiring':
      return instanceExpiringCandidates(event);
    case 'instance_domain.unverified':
      return instanceUnverifiedCandidates(event);
    case 'server.status':
      return serverCandidates(event);
    case 'instance.threshold':
      return thresholdCandidates(event);
    default:
      return [];
  }
}
