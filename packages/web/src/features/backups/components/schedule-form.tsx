import { cronProblem, isTimeZone, nextSlots, type BackupSchedule } from '@ocore/core';
import { useState } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { CheckboxField, Field, SelectField } from '../../../components/field';
import { Loading, Section } from '../../../components/layout';
import { toFormErrors } from '../../../lib/errors';
import { useBackupSchedule, useDestinations, usePutSchedule } from '../api/use-backups';

const retention = ['keepDaily', 'keepWeekly', 'keepMonthly', 'minimumKeep'] as const;
type RetentionField = (typeof retention)[number];
const retentionLabels: Record<RetentionField, string> = {
  keepDaily: 'Daily backups kept',
  keepWeekly: 'Weekly backups kept',
  keepMonthly: 'Monthly backups kept',
  minimumKeep: 'Never fewer than',
};
const fieldNames = ['cron', 'timeZone', 'destinationId', ...retention, 'drillCron'];

interface Values {
  cron: string;
  timeZone: string;
  destinationId: string;
  enabled: boolean;
  keepDaily: string;
  keepWeekly: string;
  keepMonthly: string;
  minimumKeep: string;
  /** Empty: no scheduled drill. */
  drillCron: string;
}

function initialValues(schedule: BackupSchedule | null): Values {
  return {
    cron: schedule?.cron ?? '0 2 * * *',
    timeZone: schedule?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    destinationId: schedule?.destinationId ?? '',
    enabled: schedule?.enabled ?? true,
    keepDaily: String(schedule?.keepDaily ?? 7),
    keepWeekly: String(schedule?.keepWeekly ?? 4),
    keepMonthly: String(schedule?.keepMonthly ?? 12),
    minimumKeep: String(schedule?.minimumKeep ?? 3),
    drillCron: schedule?.drillCron ?? '',
  };
}

/** The next runs of the cron in its time zone, in words, or why it cannot run. */
export function cronPreview(cron: string, timeZone: string): string {
  const problem = cronProblem(cron);
  if (problem) return `Not a valid cron expression: ${problem}`;
  if (!isTimeZone(timeZone)) return 'Not a time zone this browser knows.';
  const runs = nextSlots(cron, timeZone, new Date(), 3);
  const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  return `Next runs (${timeZone}): ${runs.map((r) => format.format(r)).join(', ')}`;
}

function Form({ instanceId, schedule }: { instanceId: string; schedule: BackupSchedule | null }) {
  const put = usePutSchedule(instanceId);
  const notify = useToast();
  const destinations = useDestinations();
  const [values, setValues] = useState(() => initialValues(schedule));
  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));
  const errors = toFormErrors(put.error, fieldNames);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        put.mutate(
          {
            id: instanceId,
            cron: values.cron,
            timeZone: values.timeZone,
            destinationId: values.destinationId || null,
            enabled: values.enabled,
            keepDaily: Number(values.keepDaily),
            keepWeekly: Number(values.keepWeekly),
            keepMonthly: Number(values.keepMonthly),
            minimumKeep: Number(values.minimumKeep),
            drillCron: values.drillCron.trim() || null,
          },
          { onSuccess: () => notify('Schedule saved.') },
        );
      }}
    >
      <Field
        label="Cron"
        value={values.cron}
        onChange={(e) => set({ cron: e.target.value })}
        error={errors.fields['cron']}
        hint={<span data-testid="cron-preview">{cronPreview(values.cron, values.timeZone)}</span>}
      />
      <Field
        label="Time zone"
        value={values.timeZone}
        onChange={(e) => set({ timeZone: e.target.value })}
        error={errors.fields['timeZone']}
      />
      <SelectField
        label="Schedule destination"
        value={values.destinationId}
        onChange={(e) => set({ destinationId: e.target.value })}
        error={errors.fields['destinationId']}
      >
        <option value="">The organization’s default</option>
        {(destinations.data?.items ?? []).map((d) => (
          <option key={d.id} value={d.id}>
            {d.name} ({d.kind})
          </option>
        ))}
      </SelectField>
      {retention.map((name) => (
        <Field
          key={name}
          label={retentionLabels[name]}
          type="number"
          min={0}
          value={values[name]}
          onChange={(e) => set({ [name]: e.target.value })}
          error={errors.fields[name]}
        />
      ))}
      <Field
        label="Restore drill schedule"
        value={values.drillCron}
        placeholder="0 5 * * 0"
        onChange={(e) => set({ drillCron: e.target.value })}
        error={errors.fields['drillCron']}
        hint={
          <span data-testid="drill-preview">
            {values.drillCron.trim()
              ? cronPreview(values.drillCron.trim(), values.timeZone)
              : 'Empty: no scheduled drill. When set, the newest completed backup is restored into a throwaway container and checked on this cron; a failed drill is notified.'}
          </span>
        }
      />
      <CheckboxField label="Enabled" checked={values.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
      {errors.general ? <Alert>{errors.general}</Alert> : null}
      <Button type="submit" pending={put.isPending} pendingLabel="Saving…">
        Save schedule
      </Button>
    </form>
  );
}

/** The instance's backup schedule: cron with a preview of its next runs, time zone, destination, retention, restore drills. */
export function ScheduleForm({ instanceId }: { instanceId: string }) {
  const schedule = useBackupSchedule(instanceId);
  const data = schedule.data;
  const status = data
    ? `${data.enabled ? 'On' : 'Off'}; next run ${data.nextRunAt ? new Date(data.nextRunAt).toLocaleString() : 'none'}${data.nextDrillAt ? `; next restore drill ${new Date(data.nextDrillAt).toLocaleString()}` : ''}${data.lastFailure ? `; last failure: ${data.lastFailure}` : ''}`
    : 'No schedule yet.';
  return (
    <Section
      title="Schedule"
      description="Grandfather-father-son retention: the newest backup of each of the last days, weeks and months is kept; the newest few are never pruned."
    >
      {schedule.isPending ? (
        <Loading what="the schedule" />
      ) : (
        <>
          <p data-testid="schedule-status">{status}</p>
          <Form key={data?.updatedAt ?? 'new'} instanceId={instanceId} schedule={data ?? null} />
        </>
      )}
    </Section>
  );
}
