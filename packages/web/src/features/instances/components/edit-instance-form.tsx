import { updateInstanceInput, type Instance, type Project } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { Field, SelectField } from '../../../components/field';
import { KeyValueRows } from '../../../components/key-value-rows';
import { LimitFields } from '../../../components/limit-fields';
import { toFormErrors, type FormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import type { KeyValue } from '../../../lib/key-values';
import { schemaFormErrors } from '../../../lib/schema-errors';
import { useTRPC } from '../../../lib/trpc';
import { useInvalidateInstances, useStoreInstance } from '../api/use-instances';
import { editFields, envRowsOf, updateInputOf } from '../utils/instance-input';
import { ProjectStageFields } from './instance-fields';

export interface EditInstanceFormProps {
  instance: Instance;
  projects: readonly Project[];
  supportedVersions: readonly string[];
}

/** Changes the instance; workers, variables, modules, version and limits are applied by an update operation. */
export function EditInstanceForm({ instance, projects, supportedVersions }: EditInstanceFormProps) {
  const trpc = useTRPC();
  const store = useStoreInstance();
  const notify = useToast();
  const invalidate = useInvalidateInstances();
  const [envVars, setEnvVars] = useState<KeyValue[]>(() => envRowsOf(instance));
  const [checked, setChecked] = useState<FormErrors | null>(null);
  const update = useMutation(
    trpc.instances.update.mutationOptions({
      onSuccess: async (result) => {
        store(result.instance);
        notify(
          result.operation
            ? `Saved; an ${result.operation.kind} operation applies the change (see Operations).`
            : 'Saved.',
        );
        await invalidate();
      },
    }),
  );
  const errors = checked ?? toFormErrors(update.error, editFields);
  const versions = supportedVersions.includes(instance.odooVersion)
    ? supportedVersions
    : [instance.odooVersion, ...supportedVersions];

  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        const input = updateInputOf(instance, readForm(event, editFields), envVars);
        const problems = schemaFormErrors(updateInstanceInput.safeParse(input), editFields);
        setChecked(problems);
        if (!problems) update.mutate(input);
      }}
    >
      <FormError message={errors.general} />
      <div className="form-row form-row-thirds">
        <Field label="Name" name="name" defaultValue={instance.name} autoComplete="off" error={errors.fields['name']} />
        <Field
          label="Workers"
          name="workers"
          type="number"
          inputMode="numeric"
          defaultValue={instance.workers}
          error={errors.fields['workers']}
        />
        <SelectField
          label="Odoo version"
          name="odooVersion"
          defaultValue={instance.odooVersion}
          error={errors.fields['odooVersion']}
        >
          {versions.map((version) => (
            <option key={version} value={version}>
              {version}
            </option>
          ))}
        </SelectField>
      </div>
      <ProjectStageFields
        projects={projects}
        projectId={instance.projectId}
        stage={instance.stage}
        error={(name) => errors.fields[name]}
      />
      <KeyValueRows
        legend="Environment variables"
        rowLabel="Variable"
        rows={envVars}
        onChange={setEnvVars}
        keyPlaceholder="PROXY_MODE"
        valuePlaceholder="True"
        error={errors.fields['envVars']}
      />
      <Field
        label="Modules"
        name="moduleList"
        defaultValue={instance.moduleList.join(', ')}
        autoCapitalize="none"
        autoComplete="off"
        spellCheck={false}
        hint="Technical names, separated by commas or spaces; new ones are installed."
        error={errors.fields['moduleList']}
      />
      <LimitFields
        cpuLimit={instance.cpuLimit}
        memoryLimitMb={instance.memoryLimitMb}
        error={(name) => errors.fields[name]}
      />
      <div className="form-actions">
        <Button type="submit" pending={update.isPending} pendingLabel="Saving…">
          Save changes
        </Button>
      </div>
    </form>
  );
}
