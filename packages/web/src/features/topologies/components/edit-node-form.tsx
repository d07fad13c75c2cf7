import type { Server, TopologyNode } from '@ocore/core';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/button';
import { Field, SelectField } from '../../../components/field';
import { readForm } from '../../../lib/form';
import { wholeNumberOf } from '../../../lib/whole-number';
import { kindInfo } from '../utils/node-kinds';

const fields = ['serverId', 'setting'] as const;

export interface EditNodeFormProps {
  node: TopologyNode;
  servers: readonly Server[];
  onApply: (change: Pick<TopologyNode, 'serverId' | 'config'>) => void;
  onCancel: () => void;
}

/** Changes a node's server and setting in the draft; its id, kind and connections stay. */
export function EditNodeForm({ node, servers, onApply, onCancel }: EditNodeFormProps) {
  const [error, setError] = useState<string | undefined>();
  const setting = kindInfo(node.kind).setting;
  const current = setting ? node.config?.[setting.key] : undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    const values = readForm(event, fields);
    const value = wholeNumberOf(values.setting);
    const problem = setting && values.setting.trim() && !Number.isInteger(value) ? 'must be a whole number' : undefined;
    setError(problem);
    if (problem) return;
    // Other config keys stay; the setting is replaced, or dropped when left empty.
    const { [setting?.key ?? '']: _dropped, ...others } = node.config ?? {};
    const config = setting && Number.isInteger(value) ? { ...others, [setting.key]: value } : others;
    onApply({ serverId: values.serverId, config: Object.keys(config).length ? config : undefined });
  };

  return (
    <form
      className="form form-inline edit-node-form"
      aria-label={`Edit node ${node.id}`}
      noValidate
      onSubmit={submit}
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
    >
      <p className="muted">
        Edit <code>{node.id}</code> ({kindInfo(node.kind).label}): its id and connections stay.
      </p>
      <div className="form-row form-row-even">
        <SelectField label="Server" name="serverId" defaultValue={node.serverId}>
          {servers.some((s) => s.id === node.serverId) ? null : (
            <option value={node.serverId}>an unknown server</option>
          )}
          {servers.map((server) => (
            <option key={server.id} value={server.id}>
              {server.name} ({server.status})
            </option>
          ))}
        </SelectField>
        {setting ? (
          <Field
            label={setting.label}
            name="setting"
            type="number"
            inputMode="numeric"
            defaultValue={current === undefined ? '' : String(current)}
            placeholder={String(setting.fallback)}
            hint={`Empty for the default, ${setting.fallback}.`}
            error={error}
          />
        ) : null}
      </div>
      <div className="form-actions">
        <Button type="submit" variant="secondary">
          Apply
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
