import { provisionInput, type Server, type Template } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { Field, SelectField } from '../../../components/field';
import { toFormErrors, type FormErrors } from '../../../lib/errors';
import { schemaFormErrors } from '../../../lib/schema-errors';
import { limitOf } from '../../../lib/whole-number';
import { LimitFields } from '../../../components/limit-fields';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateTemplates } from '../api/use-templates';
import { recordOf, type KeyValue } from '../../../lib/key-values';
import { KeyValueRows } from '../../../components/key-value-rows';
import { useMe } from '../../../lib/use-me';
import { placementLabel } from '../../../lib/use-servers';

const fields = ['templateId', 'serverId', 'name', 'overrides', 'cpuLimit', 'memoryLimitMb'] as const;

/** Where each provisioning refusal is fixed: the template, the server, or the overrides. */
const refusalFields: Record<string, (typeof fields)[number]> = {
  id: 'templateId',
  odooVersion: 'templateId',
  subscriptionCode: 'templateId',
  serverStatus: 'serverId',
  serverCapacity: 'serverId',
  workers: 'overrides',
};

export interface ProvisionFormProps {
  templates: readonly Template[];
  servers: readonly Server[];
}

/**
 * Records a new instance from a template on a server, with KEY=VALUE overrides (WORKERS sets the
 * workers) and, when given, its own CPU and memory limits instead of the template's.
 */
export function ProvisionForm({ templates, servers }: ProvisionFormProps) {
  const trpc = useTRPC();
  const me = useMe();
  const invalidate = useInvalidateTemplates();
  const formRef = useRef<HTMLFormElement>(null);
  const notify = useToast();
  const [overrides, setOverrides] = useState<KeyValue[]>([]);
  const [chosen, setTemplateId] = useState(templates[0]?.id ?? '');
  const [checked, setChecked] = useState<FormErrors | null>(null);
  // The first one again when the chosen template is gone (deleted meanwhile).
  const template = templates.find((t) => t.id === chosen) ?? templates[0];
  const provision = useMutation(
    trpc.templates.provision.mutationOptions({
      onSuccess: async (instance) => {
        notify(
          `Instance ${instance.name} was recorded on ${instance.serverName}: ${instance.workers} workers, Odoo ${instance.odooVersion} ${instance.odooEdition}.`,
        );
        formRef.current?.reset();
        setOverrides([]);
        await invalidate.instances();
      },
    }),
  );
  const errors = checked ?? toFormErrors(provision.error, fields, refusalFields);

  return (
    <form
      ref={formRef}
      className="form"
      noValidate
      onSubmit={(event) => {
        const values = readForm(event, fields);
        const name = values.name.trim();
        const input = {
          id: values.templateId,
          serverId: values.serverId,
          ...(name ? { name } : {}),
          overrides: recordOf(overrides),
          // Left empty: the template's.
          ...(values.cpuLimit.trim() ? { cpuLimit: limitOf(values.cpuLimit) } : {}),
          ...(values.memoryLimitMb.trim() ? { memoryLimitMb: limitOf(values.memoryLimitMb) } : {}),
        };
        const problems = schemaFormErrors(provisionInput.safeParse(input), fields);
        setChecked(problems);
        if (!problems) provision.mutate(input);
      }}
    >
      <FormError message={errors.general} />
      <div className="form-row form-row-even">
        <SelectField
          label="Template"
          name="templateId"
          value={template?.id ?? ''}
          onChange={(event) => setTemplateId(event.target.value)}
          error={errors.fields['templateId']}
        >
          {templates.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name} ({template.odooVersion} {template.odooEdition})
            </option>
          ))}
        </SelectField>
        <SelectField label="Server" name="serverId" defaultValue={servers[0]?.id} error={errors.fields['serverId']}>
          {servers.map((server) => (
            <option key={server.id} value={server.id}>
              {placementLabel(server, me.data?.organization?.id)}
            </option>
          ))}
        </SelectField>
      </div>
      <Field
        label="Instance name (optional)"
        name="name"
        autoComplete="off"
        hint="Defaults to the template’s name."
        error={errors.fields['name']}
      />
      <KeyValueRows
        legend="Overrides"
        rowLabel="Override"
        rows={overrides}
        onChange={setOverrides}
        keyPlaceholder="WORKERS"
        valuePlaceholder="6"
        hint="WORKERS sets the worker count; any other name sets or adds an environment variable."
        error={errors.fields['overrides']}
      />
      <LimitFields
        key={`limits-${template?.id}`}
        labelPrefix="Instance "
        emptyCpu={`the template’s (${template?.cpuLimit === null ? 'no limit' : `${template?.cpuLimit} cores`})`}
        emptyMemory={`the template’s (${template?.memoryLimitMb === null ? 'no limit' : `${template?.memoryLimitMb} MB`})`}
        placeholders={{
          cpu: String(template?.cpuLimit ?? 'No limit'),
          memory: String(template?.memoryLimitMb ?? 'No limit'),
        }}
        error={(name) => errors.fields[name]}
      />
      <div className="form-actions">
        <Button type="submit" pending={provision.isPending} pendingLabel="Provisioning…">
          Provision instance
        </Button>
      </div>
    </form>
  );
}
