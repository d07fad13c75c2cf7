import type { NodeKind, Server, TopologyData, TopologyNode } from '@ocore/core';
import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/button';
import { Field, SelectField } from '../../../components/field';
import { readForm } from '../../../lib/form';
import { wholeNumberOf } from '../../../lib/whole-number';
import { kindInfo, nodeKindList } from '../utils/node-kinds';
import { nodeIdProblem, suggestNodeId } from '../utils/topology-draft';

const fields = ['id', 'serverId', 'setting'] as const;

export interface AddNodeFormProps {
  data: TopologyData;
  servers: readonly Server[];
  onAdd: (node: TopologyNode) => void;
}

/** Adds a node to the draft: its kind, id, server and, for some kinds, workers or a port. */
export function AddNodeForm({ data, servers, onAdd }: AddNodeFormProps) {
  const [kind, setKind] = useState<NodeKind>('odoo');
  const [errors, setErrors] = useState<Partial<Record<(typeof fields)[number], string>>>({});
  const setting = kindInfo(kind).setting;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    const values = readForm(event, fields);
    const id = values.id.trim() || suggestNodeId(data, kind);
    const value = wholeNumberOf(values.setting);
    const found = {
      id: nodeIdProblem(data, id),
      serverId: values.serverId ? undefined : 'pick the server the node runs on',
      setting: setting && values.setting.trim() && !Number.isInteger(value) ? 'must be a whole number' : undefined,
    };
    setErrors(found);
    if (found.id || found.serverId || found.setting) return;
    const config = setting && Number.isInteger(value) ? { config: { [setting.key]: value } } : {};
    onAdd({ id, kind, serverId: values.serverId, ...config });
    event.currentTarget.reset();
  };

  return (
    <form className="form form-inline" noValidate onSubmit={submit}>
      <div className="form-row form-row-quarters">
        <SelectField label="Kind" value={kind} onChange={(event) => setKind(event.target.value as NodeKind)}>
          {nodeKindList.map((k) => (
            <option key={k} value={k}>
              {kindInfo(k).label}
            </option>
          ))}
        </SelectField>
        <Field
          label="Node id"
          name="id"
          autoComplete="off"
          spellCheck={false}
          placeholder={suggestNodeId(data, kind)}
          hint="Leave empty for the one shown."
          error={errors.id}
        />
        <SelectField label="Server" name="serverId" defaultValue={servers[0]?.id ?? ''} error={errors.serverId}>
          {servers.length === 0 ? <option value="">No servers yet</option> : null}
          {servers.map((server) => (
            <option key={server.id} value={server.id}>
              {server.name} ({server.status})
            </option>
          ))}
        </SelectField>
        {setting ? (
          <Field
            key={kind}
            label={`${setting.label} (optional)`}
            name="setting"
            type="number"
            inputMode="numeric"
            placeholder={String(setting.fallback)}
            error={errors.setting}
          />
        ) : null}
      </div>
      <div className="form-actions">
        <Button type="submit" variant="secondary">
          Add node
        </Button>
      </div>
    </form>
  );
}
