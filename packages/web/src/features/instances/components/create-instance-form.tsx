import { createInstanceInput, type Project, type Server, type Template } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Field, SelectField } from '../../../components/field';
import { KeyValueRows } from '../../../components/key-value-rows';
import { LimitFields } from '../../../components/limit-fields';
import { toFormErrors, type FormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import type { KeyValue } from '../../../lib/key-values';
import { schemaFormErrors } from '../../../lib/schema-errors';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateInstances } from '../api/use-instances';
import { createFields, createInputOf } from '../utils/instance-input';
import { ProjectStageFields } from './instance-fields';
import { useMe } from '../../../lib/use-me';
import { placementLabel } from '../../../lib/use-servers';

/** Where each provisioning refusal is fixed. */
const refusalFields: Record<string, string> = {
  id: 'templateId',
  subscriptionCode: 'odooVersion',
  serverStatus: 'serverId',
  serverCapacity: 'serverId',
};

/** What an empty limit means with a template: the template's. */
const limitText = (limit: number | null, unit: string) =>
  `the template’s (${limit === null ? 'no limit' : `${limit} ${unit}`})`;

export interface CreateInstanceFormProps {
  servers: readonly Server[];
  templates: readonly Template[];
  projects: readonly Project[];
  supportedVersions: readonly string[];
}

/**
 * Provisions an instance (manage:instances), from a template or with its fields given here;
 * the core schema checks the input before it is sent, and opens the instance's page after.
 */
export function CreateInstanceForm({ servers, templates, projects, supportedVersions }: CreateInstanceFormProps) {
  const trpc = useTRPC();
  const me = useMe();
  const navigate = useNavigate();
  const invalidate = useInvalidateInstances();
  const formRef = useRef<HTMLFormElement>(null);
  const [envVars, setEnvVars] = useState<KeyValue[]>([]);
  const [templateId, setTemplateId] = useState('');
  const [checked, setChecked] = useState<FormErrors | null>(null);
  const create = useMutation(
    trpc.instances.create.mutationOptions({
      onSuccess: async (operation) => {
        await invalidate();
        if (operation.instanceId) await navigate(`/instances/${operation.instanceId}`);
      },
    }),
  );
  const errors = checked ?? toFormErrors(create.error, createFields, refusalFields);
  const template = templates.find((t) => t.id === templateId);
  const fromTemplate = (value: string) => (template ? `Default: ${value} (the template’s)` : undefined);

  return (
    <form
      data-shortcut="new"
      ref={formRef}
      className="form"
      noValidate
      onSubmit={(event) => {
        const input = createInputOf(readForm(event, createFields), envVars);
        const problems = schemaFormErrors(createInstanceInput.safeParse(input), createFields);
        setChecked(problems);
        if (!problems) create.mutate(input);
      }}
    >
      <FormError message={errors.general} />
      <div className="form-row form-row-even">
        <Field
          label="Name"
          name="name"
          autoComplete="off"
          placeholder="acme-production"
          error={errors.fields['name']}
        />
        <SelectField label="Server" name="serverId" defaultValue={servers[0]?.id} error={errors.fields['serverId']}>
          {servers.map((server) => (
            <option key={server.id} value={server.id}>
              {placementLabel(server, me.data?.organization?.id)}
            </option>
          ))}
        </SelectField>
      </div>
      <SelectField
        label="Template"
        name="templateId"
        value={templateId}
        onChange={(event) => setTemplateId(event.target.value)}
        hint="A template’s settings are the defaults of the fields left empty below."
        error={errors.fields['templateId']}
      >
        <option value="">None: the fields below</option>
        {templates.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.odooVersion} {t.odooEdition})
          </option>
        ))}
      </SelectField>
      <ProjectStageFields projects={projects} error={(name) => errors.fields[name]} />
      <div className="form-row form-row-thirds">
        <SelectField
          label="Odoo version"
          name="odooVersion"
          key={`version-${templateId}`}
          defaultValue={template ? '' : supportedVersions.at(-1)}
          error={errors.fields['odooVersion']}
        >
          {template ? <option value="">The template’s ({template.odooVersion})</option> : null}
          {supportedVersions.map((version) => (
            <option key={version} value={version}>
              {version}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Edition"
          name="odooEdition"
          key={`edition-${templateId}`}
          defaultValue={template ? '' : 'ce'}
          error={errors.fields['odooEdition']}
        >
          {template ? <option value="">The template’s ({template.odooEdition})</option> : null}
          <option value="ce">Community</option>
          <option value="ee">Enterprise</option>
        </SelectField>
        <Field
          label="Workers"
          name="workers"
          type="number"
          inputMode="numeric"
          placeholder={template ? String(template.defaultWorkers) : '2'}
          hint={fromTemplate(String(template?.defaultWorkers))}
          error={errors.fields['workers']}
        />
      </div>
      <KeyValueRows
        legend="Environment variables"
        rowLabel="Variable"
        rows={envVars}
        onChange={setEnvVars}
        keyPlaceholder="PROXY_MODE"
        valuePlaceholder="True"
        hint={template ? 'Any given here replace the template’s variables; none keeps them.' : 'Upper-case names.'}
        error={errors.fields['envVars']}
      />
      <Field
        label="Modules"
        name="moduleList"
        autoCapitalize="none"
        autoComplete="off"
        spellCheck={false}
        placeholder="sale, purchase, stock"
        hint={
          template
            ? `Default: the template’s (${template.moduleList.join(', ') || 'none'}).`
            : 'Technical names, separated by commas or spaces.'
        }
        error={errors.fields['moduleList']}
      />
      <LimitFields
        key={`limits-${templateId}`}
        emptyCpu={template ? limitText(template.cpuLimit, 'cores') : undefined}
        emptyMemory={template ? limitText(template.memoryLimitMb, 'MB') : undefined}
        placeholders={
          template
            ? { cpu: String(template.cpuLimit ?? 'No limit'), memory: String(template.memoryLimitMb ?? 'No limit') }
            : undefined
        }
        error={(name) => errors.fields[name]}
      />
      <div className="form-actions">
        <Button type="submit" pending={create.isPending} pendingLabel="Creating…">
          Create instance
        </Button>
      </div>
    </form>
  );
}
