import type { Backup, Restore } from '../backups/backup.schema.js';
import type { InstanceDomainRecord } from '../instance-domains/instance-domain.ports.js';
import type { MetricSample, MetricThreshold } from '../instance-monitoring/instance-metrics.schema.js';
import type { Instance, InstanceStatus } from '../instances/instance.schema.js';
import type { Operation, OperationKind, OperationLogLine } from '../instances/operation.schema.js';
import type { PortalDomain } from '../portal-domains/portal-domain.schema.js';
import type { Server } from '../servers/server.schema.js';
import type { TerminalKind } from '../terminals/terminal.schema.js';
import type { Deployment } from '../topologies/deployment.schema.js';

/** What every event's payload starts with: what it is about (`targetId` null when nothing in particular). */
export interface EventTarget {
  targetType: string;
  targetId: string | null;
}

/** Which fields a change touched, never their values. */
export interface ChangedFields extends EventTarget {
  fields: string[];
}

export interface OfInstance extends EventTarget {
  instanceId: string;
}

/** A backup schedule's alarm (`backup.failed`, `backup.overdue`), named for notifications. */
export interface ScheduleAlarm extends OfInstance {
  instanceName: string | null;
  organizationId: string;
  reason: string;
  scheduledFor: string | null;
  attempts?: number;
}

export interface PortalDomainReminder extends EventTarget {
  clientOrgId: string | null;
  domainName: string;
}

/**
 * An instance's custom domain (`targetType` `instance_domain`), or its own hostname with a
 * certificate (`targetType` `instance`), named for notifications with its instance and organization.
 */
export interface InstanceDomainReminder extends OfInstance {
  instanceName: string;
  organizationName: string;
  domain: string;
}

/** An instance domain as it is pushed live: its check counters and key stay inside. */
export type InstanceDomainState = Omit<InstanceDomainRecord, 'checkFailures' | 'failingSince' | 'sslFailures'>;

type Requested = {
  [K in OperationKind as `instance.${K}_requested`]: EventTarget & { operationId: string; kind: OperationKind };
};

/**
 * The closed set of domain events, each with its payload: what the event log stores, the
 * publisher port takes and live subscribers read. A new event is added here first, to
 * `domainEventKinds` below (the compiler insists) and to ARCHITECTURE.md's list (a test does).
 */
export interface DomainEventPayloads extends Requested {
  'organization.created': EventTarget;
  'organization.updated': EventTarget;
  'organization.deleted': EventTarget;
  'member.added': EventTarget;
  'member.role_changed': EventTarget;
  'member.removed': EventTarget;
  'invitation.created': EventTarget;
  'invitation.resent': EventTarget;
  'invitation.revoked': EventTarget;
  'org_settings.updated': ChangedFields;
  'org_settings.subscription_validated': EventTarget;
  'org_settings.backup_key_created': EventTarget;
  'notification_rules.updated': EventTarget;
  'notification_channel.created': EventTarget;
  'notification_channel.updated': EventTarget;
  'notification_channel.deleted': EventTarget;
  'api_key.created': EventTarget;
  'api_key.revoked': EventTarget;
  'disaster_recovery.exported': EventTarget;
  'disaster_recovery.imported': EventTarget;
  'agency.enabled': EventTarget;
  'agency.client_created': EventTarget;
  'agency.client_deleted': EventTarget;
  'agency.branding_updated': ChangedFields;
  'agency.portal_config_updated': ChangedFields;
  'portal_domain.created': EventTarget & { domain: PortalDomain };
  'portal_domain.deleted': EventTarget & { clientOrgId: string | null };
  'portal_domain.verify': EventTarget & { clientOrgId: string | null };
  'portal_domain.status': EventTarget & { clientOrgId: string | null; domain: PortalDomain };
  'portal_domain.expiring': PortalDomainReminder & { daysLeft: number; expiresAt: string };
  'portal_domain.unverified': PortalDomainReminder & { days: number };
  'instance_domain.added': EventTarget;
  'instance_domain.removed': EventTarget;
  'instance_domain.verify': EventTarget;
  'instance_domain.status': OfInstance & { domain: InstanceDomainState };
  'instance_domain.expiring': InstanceDomainReminder & { daysLeft: number; expiresAt: string };
  'instance_domain.unverified': InstanceDomainReminder & { days: number };
  'server.created': EventTarget;
  'server.updated': ChangedFields;
  'server.deleted': EventTarget;
  'server.status': EventTarget & { server: Server };
  'topology.created': EventTarget;
  'topology.updated': EventTarget;
  'topology.ha_config_updated': EventTarget;
  'topology.deleted': EventTarget;
  'topology.deploy_started': EventTarget & { deployment: Deployment };
  'topology.deployment': EventTarget & { deployment: Deployment };
  'template.created': EventTarget & { fromInstanceId?: string };
  'template.updated': ChangedFields;
  'template.deleted': EventTarget;
  'project.created': EventTarget;
  'project.updated': EventTarget;
  'project.deleted': EventTarget;
  'instance.created': EventTarget & { templateId?: string | null; serverId: string; status: InstanceStatus };
  'instance.updated': EventTarget;
  'instance.deleted': EventTarget & { keepData: boolean };
  'instance.status': EventTarget & { status: InstanceStatus; instance: Instance };
  'instance.operation': EventTarget & { operation: Operation };
  'instance.log': EventTarget & { operationId: string; line: OperationLogLine };
  'instance.clone_requested': EventTarget & { cloneId: string; operationId: string };
  'instance.metrics': EventTarget & { instanceName: string; sample: MetricSample };
  'instance.threshold': EventTarget & {
    instanceName: string;
    threshold: MetricThreshold;
    state: 'raised' | 'cleared';
    sample: MetricSample;
  };
  'instance.database_created': EventTarget;
  'instance.database_dropped': EventTarget;
  'instance.database_duplicated': EventTarget;
  'instance.database_neutralized': EventTarget;
  'instance.database_renamed': EventTarget;
  'instance.database_served': EventTarget;
  'instance.file_created': EventTarget;
  'instance.file_deleted': EventTarget;
  'instance.file_uploaded': EventTarget;
  'instance.file_written': EventTarget;
  'terminal.session_ended': EventTarget & { kind: TerminalKind; durationSeconds: number };
  'backup.requested': EventTarget;
  'backup.deleted': EventTarget;
  'backup.imported': EventTarget;
  'backup.status': EventTarget & { instanceId: string | null; backup: Backup };
  'backup.restore_requested': EventTarget & { restore: Restore };
  'backup.verify_requested': EventTarget & { restore: Restore; instanceId: string };
  'backup.restore': EventTarget & { restore: Restore };
  'backup.verify_failed': EventTarget & { instanceId: string | null; instanceName: string | null; reason: string };
  'backup.schedule': OfInstance;
  'backup.failed': ScheduleAlarm;
  'backup.overdue': ScheduleAlarm;
  'backup.pruned': EventTarget & { instanceId: string | null; backupId: string };
  'backup_destination.created': EventTarget;
  'backup_destination.updated': EventTarget;
  'backup_destination.deleted': EventTarget;
}

/** The name of a domain event, e.g. `instance.status`. */
export type DomainEventType = keyof DomainEventPayloads;

/** The event types of one slice, e.g. `DomainEventTypeOf<'portal_domain'>`. */
export type DomainEventTypeOf<S extends string> = Extract<DomainEventType, `${S}.${string}`>;

type SliceOf<T> = T extends `${infer S}.${string}` ? S : never;

/** The slices that publish events: the part of a type before its dot (`instance`, `backup`, ...). */
export type DomainEventSlice = SliceOf<DomainEventType>;
