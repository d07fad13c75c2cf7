import { InstanceDatabases } from '../../features/instance-databases/components/instance-databases';
import { InstanceToolPage } from './instance-tool.page';

/** The databases of an instance. */
export function InstanceDatabasesPage() {
  return (
    <InstanceToolPage
      title="Databases"
      description="The instance's databases: sizes, copies, the one it serves."
      render={(id, canManage) => <InstanceDatabases key={id} instanceId={id} canManage={canManage} />}
    />
  );
}
