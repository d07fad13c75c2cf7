import type { Me, Topology } from '@ocore/core';
import { useMemo, useState } from 'react';
import { Alert, FormError } from '../../../components/alert';
import { Page, Section } from '../../../components/layout';
import { messageOf } from '../../../lib/errors';
import { hasPermission } from '../../../lib/use-me';
import { serverNamesOf, useServers } from '../../../lib/use-servers';
import { useDeploymentEvents, useDeploymentStatus } from '../api/use-deployment';
import { useTopologyEditor } from '../api/use-topology-editor';
import { topologyIssues } from '../utils/issues';
import { nodeViewsOf } from '../utils/node-views';
import { addEdge, addNode, edgeProblem, removeEdge, removeNode, updateNode } from '../utils/topology-draft';
import { AddNodeForm } from './add-node-form';
import { Connections } from './connections';
import { DeployPanel } from './deploy-panel';
import { EditNodeForm } from './edit-node-form';
import { EditorActions } from './editor-actions';
import { HaConfigForm } from './ha-config-form';
import { IssuesPanel } from './issues-panel';
import { NodesTable } from './nodes-table';
import { RemoveNodesDialog } from './remove-nodes-dialog';
import { TopologyGraph } from './topology-graph';
import { UnsavedChangesGuard } from './unsaved-changes-guard';

/** Draws and edits one topology, checks it, and deploys it with live progress per node. */
export function TopologyEditor({ topology, me }: { topology: Topology; me: Me }) {
  const editor = useTopologyEditor(topology);
  const servers = useServers(hasPermission(me, 'view:servers'));
  const status = useDeploymentStatus(topology.id);
  const live = useDeploymentEvents(topology.id);
  const canEdit = hasPermission(me, 'manage:topologies');
  const serverList = servers.data?.items;
  const serverNames = useMemo(() => serverNamesOf(serverList), [serverList]);
  const { data, report } = editor;
  const views = useMemo(
    () => nodeViewsOf(data, serverNames, report, status.data ?? undefined),
    [data, serverNames, report, status.data],
  );
  const drawn = useMemo(() => new Set(data.nodes.map((n) => n.id)), [data]);
  const busy = status.data?.status === 'queued' || status.data?.status === 'running';
  /** Nodes asked to be removed, and where (the dialog shows beside the action that asked). */
  const [removing, setRemoving] = useState<{ ids: string[]; from: 'graph' | 'table' } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const editedNode = data.nodes.find((n) => n.id === editing);
  const confirmRemoval = () => {
    const ids = removing?.ids ?? [];
    editor.edit((draft) => ids.reduce(removeNode, draft));
    setRemoving(null);
    if (editing && ids.includes(editing)) setEditing(null);
  };
  const removal = (from: 'graph' | 'table') =>
    removing?.from === from ? (
      <RemoveNodesDialog
        data={data}
        nodeIds={removing.ids}
        onConfirm={confirmRemoval}
        onCancel={() => setRemoving(null)}
      />
    ) : null;
  const connect = (source: string, target: string) => editor.edit((draft) => addEdge(draft, source, target));

  return (
    <Page
      title={topology.name}
      description={topology.description ?? 'Nodes are services on your servers; connections say which talk to which.'}
      actions={<EditorActions topology={topology} editor={editor} canEdit={canEdit} busy={busy} />}
    >
      <UnsavedChangesGuard dirty={editor.dirty} />
      {editor.dirty ? (
        <Alert tone="info">Unsaved changes: Validate checks them as drawn; save them to deploy this version.</Alert>
      ) : null}
      <FormError message={editor.failure ? messageOf(editor.failure) : null} />
      <Section
        title="Graph"
        description={
          canEdit
            ? 'Drag from a node’s bottom handle to another node to connect them; select a node and press Delete to remove it.'
            : undefined
        }
      >
        <TopologyGraph
          views={views}
          edges={data.edges}
          canEdit={canEdit}
          onConnect={connect}
          canConnect={(source, target) => !edgeProblem(data, source, target)}
          onDeleteNodes={(ids) => setRemoving({ ids, from: 'graph' })}
        />
        {removal('graph')}
        {report ? <IssuesPanel report={report} unplaced={topologyIssues(report, data)} /> : null}
      </Section>
      <Section title="Deployment">
        <DeployPanel status={status} live={live} serverNames={serverNames} drawn={drawn} />
      </Section>
      <Section title={`Nodes (${data.nodes.length})`}>
        <NodesTable
          views={views}
          canEdit={canEdit}
          onEdit={setEditing}
          onRemove={(id) => setRemoving({ ids: [id], from: 'table' })}
        />
        {removal('table')}
        {canEdit && editedNode ? (
          <EditNodeForm
            key={editedNode.id}
            node={editedNode}
            servers={serverList ?? []}
            onApply={(change) => {
              editor.edit((draft) => updateNode(draft, editedNode.id, change));
              setEditing(null);
            }}
            onCancel={() => setEditing(null)}
          />
        ) : null}
        {canEdit ? (
          <AddNodeForm
            data={data}
            servers={serverList ?? []}
            onAdd={(node) => editor.edit((draft) => addNode(draft, node))}
          />
        ) : null}
      </Section>
      <Section title={`Connections (${data.edges.length})`}>
        <Connections
          data={data}
          canEdit={canEdit}
          onConnect={connect}
          onDisconnect={(key) => editor.edit((draft) => removeEdge(draft, key))}
        />
      </Section>
      <Section title="High availability" description="Saved on its own, at once.">
        {/* Mounted again once the servers have loaded, so the selects show the stored servers' names. */}
        <HaConfigForm
          key={serverList ? 'servers' : 'no-servers'}
          topology={topology}
          servers={serverList ?? []}
          canEdit={canEdit}
        />
      </Section>
    </Page>
  );
}
