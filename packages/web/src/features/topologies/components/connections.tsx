import type { TopologyData } from '@ocore/core';
import { useState } from 'react';
import { Button } from '../../../components/button';
import { SelectField } from '../../../components/field';
import { readForm } from '../../../lib/form';
import { edgeKey, edgeProblem } from '../utils/topology-draft';

const fields = ['source', 'target'] as const;

export interface ConnectionsProps {
  data: TopologyData;
  canEdit: boolean;
  onConnect: (source: string, target: string) => void;
  onDisconnect: (key: string) => void;
}

function ConnectForm({ data, onConnect }: Pick<ConnectionsProps, 'data' | 'onConnect'>) {
  const [problem, setProblem] = useState<string | undefined>();
  const ids = data.nodes.map((n) => n.id);
  if (ids.length < 2) return <p className="muted">Add two nodes to connect them.</p>;
  return (
    <form
      className="form form-inline"
      noValidate
      onSubmit={(event) => {
        const { source, target } = readForm(event, fields);
        const found = edgeProblem(data, source, target);
        setProblem(found);
        if (!found) onConnect(source, target);
      }}
    >
      <div className="form-row form-row-even">
        <SelectField label="From" name="source" defaultValue={ids[0]}>
          {ids.map((id) => (
            <option key={id}>{id}</option>
          ))}
        </SelectField>
        <SelectField label="To" name="target" defaultValue={ids[1]} error={problem}>
          {ids.map((id) => (
            <option key={id}>{id}</option>
          ))}
        </SelectField>
      </div>
      <div className="form-actions">
        <Button type="submit" variant="secondary">
          Connect
        </Button>
      </div>
    </form>
  );
}

/** The graph's edges as a list, with a form to add one; drag between handles on the graph does the same. */
export function Connections({ data, canEdit, onConnect, onDisconnect }: ConnectionsProps) {
  return (
    <>
      {data.edges.length === 0 ? (
        <p className="muted">
          No connections yet. Odoo nodes need one to the postgres node, a load balancer one to each Odoo node.
        </p>
      ) : (
        <ul className="edge-list" aria-label="Connections">
          {data.edges.map((edge) => (
            <li key={edgeKey(edge)}>
              <span>
                <code>{edge.source}</code> — <code>{edge.target}</code>
              </span>
              {canEdit ? (
                <Button variant="ghost" size="sm" className="text-danger" onClick={() => onDisconnect(edgeKey(edge))}>
                  Remove
                  <span className="visually-hidden">
                    {' '}
                    connection {edge.source} to {edge.target}
                  </span>
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? <ConnectForm data={data} onConnect={onConnect} /> : null}
    </>
  );
}
