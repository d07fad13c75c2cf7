import type { DomainEventPayloads, DomainEventType } from './domain-events.js';

/**
 * Every domain event and how it comes about, like the error codes' table: `audited` events are
 * a change someone made (an audit entry goes with them), `observed` ones what the system saw.
 * Being a `Record` of the union, it cannot miss a type the payload map declares.
 */
export const domainEventKinds: Readonly<Record<DomainEventType, 'audited' | 'observed'>> = {
  'organization.created': 'audited',
  'organization.updated': 'audited',
  'organization.deleted': 'audited',
  'member.added': 'audited',
  'member.role_changed': 'audited',
  'member.removed': 'audited',
  'invitation.created': 'audited',
  'invitation.resent': 'audited',
  'invitation.revoked': 'audited',
  'org_settings.updated': 'audited',
  'org_settings.subscription_validated': 'audited',
  'org_settings.backup_key_created': 'audited',
  'notification_rules.updated': 'audited',
  'notification_channel.created': 'audited',
  'notification_channel.updated': 'audited',
  'notification_channel.deleted': 'audited',
  'api_key.created': 'audited',
  'api_key.revoked': 'audited',
  'disaster_recovery.exported': 'audited',
  'disaster_recovery.imported': 'audited',
  'agency.enabled': 'audited',
  'agency.client_created': 'audited',
  'agency.client_deleted': 'audited',
  'agency.branding_updated': 'audited',
  'agency.portal_config_updated': 'audited',
  'portal_domain.created': 'audited',
  'portal_domain.deleted': 'audited',
  'portal_domain.verify': 'audited',
  'portal_domain.status': 'observed',
  'portal_domain.expiring': 'observed',
  'portal_domain.unverified': 'observed',
  'instance_domain.added': 'audited',
  'instance_domain.removed': 'audited',
  'instance_domain.verify': 'audited',
  'instance_domain.status': 'observed',
  'instance_domain.expiring': 'observed',
  'instance_domain.unverified': 'observed',
  'server.created': 'audited',
  'server.updated': 'audited',
  'server.deleted': 'audited',
  'server.status': 'observed',
  'topology.created': 'audited',
  'topology.updated': 'audited',
  'topology.ha_config_updated': 'audited',
  'topology.deleted': 'audited',
  'topology.deploy_started': 'audited',
  'topology.deployment': 'observed',
  'template.created': 'audited',
  'template.updated': 'audited',
  'template.deleted': 'audited',
  'project.created': 'audited',
  'project.updated': 'audited',
  'project.deleted': 'audited',
  'instance.created': 'audited',
  'instance.updated': 'audited',
  'instance.deleted': 'observed',
  'instance.status': 'observed',
  'instance.operation': 'observed',
  'instance.log': 'observed',
  'instance.clone_requested': 'audited',
  'instance.metrics': 'observed',
  'instance.threshold': 'observed',
  'instance.database_created': 'audited',
  'instance.database_dropped': 'audited',
  'instance.database_duplicated': 'audited',
  'instance.database_neutralized': 'audited',
  'instance.database_renamed': 'audited',
  'instance.database_served': 'audited',
  'instance.file_created': 'audited',
  'instance.file_deleted': 'audited',
  'instance.file_uploaded': 'audited',
  'instance.file_written': 'audited',
  'terminal.session_ended': 'audited',
  'backup.requested': 'audited',
  'backup.deleted': 'audited',
  'backup.imported': 'audited',
  'backup.status': 'observed',
  'backup.restore_requested': 'audited',
  'backup.verify_requested': 'audited',
  'backup.restore': 'observed',
  'backup.verify_failed': 'observed',
  'backup.schedule': 'audited',
  'backup.failed': 'observed',
  'backup.overdue': 'observed',
  'backup.pruned': 'observed',
  'backup_destination.created': 'audited',
  'backup_destination.updated': 'audited',
  'backup_destination.deleted': 'audited',
  'instance.provision_requested': 'audited',
  'instance.start_requested': 'audited',
  'instance.stop_requested': 'audited',
  'instance.restart_requested': 'audited',
  'instance.redeploy_requested': 'audited',
  'instance.update_requested': 'audited',
  'instance.delete_requested': 'audited',
};

/** Every domain event type, in the order of the table above. */
export const domainEventTypes = Object.keys(domainEventKinds) as DomainEventType[];

/** A stored event of one type (of any, by default): its payload is the type's. */
export type DomainEvent<T extends DomainEventType = DomainEventType> = T extends DomainEventType
  ? {
      /** Increasing id, usable as `lastEventId` to replay what came after. */
      id: string;
      organizationId: string;
      type: T;
      payload: DomainEventPayloads[T];
      createdAt: string;
    }
  : never;

/** An event to append to the log, before it has an id. */
export type NewDomainEvent<T extends DomainEventType = DomainEventType> = T extends DomainEventType
  ? { organizationId: string; type: T; payload: DomainEventPayloads[T] }
  : never;

/** True when `event` is of one of `types`; its payload then reads as that type's. */
export function isEventOf<T extends DomainEventType>(event: DomainEvent, types: readonly T[]): event is DomainEvent<T> {
  return (types as readonly DomainEventType[]).includes(event.type);
}
