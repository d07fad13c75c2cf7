import { Link, useParams } from 'react-router';
import { Alert } from '../../components/alert';
import { Loading } from '../../components/layout';
import { messageOf } from '../../lib/errors';
import { useMe } from '../../lib/use-me';
import { RequirePermission } from '../../features/auth/components/require-permission';
import { useTopology } from '../../features/topologies/api/use-topologies';
import { TopologyEditor } from '../../features/topologies/components/topology-editor';

function EditorContent({ id }: { id: string }) {
  const me = useMe();
  const topology = useTopology(id);
  if (topology.isPending || !me.data) return <Loading what="the topology" />;
  if (topology.isError) return <Alert>{messageOf(topology.error)}</Alert>;
  // One editor per topology: its draft and check results never carry over to another.
  return <TopologyEditor key={topology.data.id} topology={topology.data} me={me.data} />;
}

/** Loaded on demand (see app.router.tsx): the graph library stays out of the first download. */
export function TopologyEditorPage() {
  const { topologyId = '' } = useParams();
  return (
    <RequirePermission permission="view:topologies" title="Topology" what="its topologies">
      <p className="breadcrumb">
        <Link to="/topologies">← All topologies</Link>
      </p>
      <EditorContent id={topologyId} />
    </RequirePermission>
  );
}
