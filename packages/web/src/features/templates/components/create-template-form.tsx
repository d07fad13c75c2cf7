import { createTemplateInput } from '@ocore/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { CheckboxField, Field, SelectField, TextAreaField } from '../../../components/field';
import { toFormErrors, type FormErrors } from '../../../lib/errors';
import { readForm } from '../../../lib/form';
import { useTRPC } from '../../../lib/trpc';
import { limitOf, wholeNumberOf } from '../../../lib/whole-number';
import { schemaFormErrors } from '../../../lib/schema-errors';
import { useInvalidateTemplates } from '../api/use-templates';
import { emptyKeyValue, moduleListOf, recordOf, type KeyValue } from '../../../lib/key-values';
import { KeyValueRows } from '../../../components/key-value-rows';
import { LimitFields } from '../../../components/limit-fields';

const fields = [
  'name',
  'description',
  'odooVersion',
  'odooEdition',
  'defaultWorkers',
  'defaultEnvVars',
  'moduleList',
  'cpuLimit',
  'memoryLimitMb',
  'isPublic',
] as const;

/**
 * A new template (manage:templates): the Odoo version and edition, workers, variables, modules
 * and the CPU and memory limits of its instances; the core schema checks it before it is sent.
 */
export function CreateTemplateForm({ supportedVersions }: { supportedVersions: readonly string[] }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateTemplates();
  const formRef = useRef<HTMLFormElement>(null);
  const notify = useToast();
  const [envVars, setEnvVars] = useState<KeyValue[]>([emptyKeyValue]);
  const create = useMutation(
    trpc.templates.create.mutationOptions({
      onSuccess: async (template) => {
        notify(`Template ${template.name} was created.`);
        formRef.current?.reset();
        setEnvVars([emptyKeyValue]);
        await invalidate.templates();
      },
    }),
  );
  const [checked, setChecked] = useState<FormErrors | null>(null);
  const errors = checked ?? toFormErrors(create.error, fields);

  return (
    <form
      data-shortcut="new"
      ref={formRef}
      className="form"
      noValidate
      onSubmit={(event) => {
        const values = readForm(event, fields);
        const input = {
          name: values.name,
          description: values.description,
          odooVersion: values.odooVersion,
          odooEdition: values.odooEdition as 'ce' | 'ee',
          defaultWorkers: wholeNumberOf(values.defaultWorkers),
          defaultEnvVars: recordOf(envVars),
          moduleList: moduleListOf(values.moduleList),
          cpuLimit: limitOf(values.cpuLimit),
          memoryLimitMb: limitOf(values.memoryLimitMb),
          isPublic: values.isPublic === 'on',
        };
        const problems = schemaFormErrors(createTemplateInput.safeParse(input), fields);
        setChecked(problems);
        if (!problems) create.mutate(input);
      }}
    >
      <FormError message={errors.general} />
      <Field
        label="Name"
        name="name"
        autoComplete="off"
        placeholder="Standard Odoo 18 CE"
        error={errors.fields['name']}
      />
      <TextAreaField label="Description" name="description" rows={2} error={errors.fields['description']} />
      <div className="form-row form-row-thirds">
        <SelectField
          label="Odoo version"
          name="odooVersion"
          defaultValue={supportedVersions.at(-1)}
          error={errors.fields['odooVersion']}
        >
          {supportedVersions.map((version) => (
            <option key={version} value={version}>
              {version}
            </option>
          ))}
        </SelectField>
        <SelectField label="Edition" name="odooEdition" defaultValue="ce" error={errors.fields['odooEdition']}>
          <option value="ce">Community</option>
          <option value="ee">Enterprise</option>
        </SelectField>
        <Field
          label="Workers"
          name="defaultWorkers"
          type="number"
          inputMode="numeric"
          defaultValue={2}
          error={errors.fields['defaultWorkers']}
        />
      </div>
      <KeyValueRows
        legend="Environment variables"
        rowLabel="Variable"
        rows={envVars}
        onChange={setEnvVars}
        keyPlaceholder="PROXY_MODE"
        valuePlaceholder="True"
        hint="Upper-case names; every instance from this template starts with them."
        error={errors.fields['defaultEnvVars']}
      />
      <Field
        label="Modules"
        name="moduleList"
        autoCapitalize="none"
        autoComplete="off"
        spellCheck={false}
        placeholder="sale, purchase, stock, account"
        hint="Technical names, separated by commas or spaces."
        error={errors.fields['moduleList']}
      />
      <LimitFields error={(name) => errors.fields[name]} />
      <CheckboxField
        label="Public: share it read-only with the agency’s clients"
        name="isPublic"
        error={errors.fields['isPublic']}
      />
      <div className="form-actions">
        <Button type="submit" pending={create.isPending} pendingLabel="Creating…">
          Create template
        </Button>
      </div>
    </form>
  );
}
