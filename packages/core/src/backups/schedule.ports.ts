/** An instance's backup schedule as stored, with the state of its slots. */
export interface BackupScheduleRecord {
  instanceId: string;
  organizationId: string;
  cron: string;
  timeZone: string;
  destinationId: string | null;
  enabled: boolean;
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
  minimumKeep: number;
  /** When set, the newest completed backup is drilled on this cron (the schedule's time zone). */
  drillCron: string | null;
  /** The next drill; null when off, without a drill cron, or when it never fires again. */
  nextDrillAt: Date | null;
  /** The next slot to run; null when off or when the cron never fires again. */
  nextRunAt: Date | null;
  /** The oldest slot not yet covered by a completed backup. */
  owedSince: Date | null;
  /** The slot the backup under way (or waiting for a retry) is for. */
  pendingSlot: Date | null;
  /** The backup of the try under way. */
  backupId: string | null;
  attempt: number;
  retryAt: Date | null;
  /** The owed slot `backup.overdue` was last raised for (raised once per slot). */
  overdueNotifiedFor: Date | null;
  lastFailure: string | null;
  updatedAt: Date;
}

export type BackupScheduleSettings = Pick<
  BackupScheduleRecord,
  | 'cron'
  | 'timeZone'
  | 'destinationId'
  | 'enabled'
  | 'keepDaily'
  | 'keepWeekly'
  | 'keepMonthly'
  | 'minimumKeep'
  | 'drillCron'
>;

export type BackupSchedulePatch = Partial<Omit<BackupScheduleRecord, 'instanceId' | 'organizationId' | 'updatedAt'>>;

export interface BackupScheduleRepository {
  find(organizationId: string, instanceId: string): Promise<BackupScheduleRecord | undefined>;
  /** Creates or replaces the schedule of an instance. */
  save(record: Omit<BackupScheduleRecord, 'updatedAt'>): Promise<BackupScheduleRecord>;
  update(instanceId: string, patch: BackupSchedulePatch): Promise<BackupScheduleRecord>;
  /** The schedule whose try under way made this backup. */
  findByBackup(backupId: string): Promise<BackupScheduleRecord | undefined>;
  /**
   * Locks (skipping those another process holds) up to `limit` enabled schedules with work due
   * at `now`: a retry whose time came, or a slot that passed while no try is under way.
   */
  claimDue(now: Date, limit: number): Promise<BackupScheduleRecord[]>;
  /**
   * Locks (skipping those another process holds) up to `limit` enabled schedules whose next
   * restore drill came at `now`.
   */
  claimDueDrills(now: Date, limit: number): Promise<BackupScheduleRecord[]>;
  /** Enabled schedules that owe a backup for a slot at or before `before`. */
  listOwing(before: Date): Promise<BackupScheduleRecord[]>;
  listForOrganization(organizationId: string): Promise<BackupScheduleRecord[]>;
  /** Schedules with a try under way (a backup made and not settled yet). */
  listTrying(): Promise<BackupScheduleRecord[]>;
}
