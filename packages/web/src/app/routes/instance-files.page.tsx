import { InstanceFiles } from '../../features/instance-files/components/instance-files';
import { InstanceToolPage } from './instance-tool.page';

/** The file editor: an instance's custom addons and odoo.conf. */
export function InstanceFilesPage() {
  return (
    <InstanceToolPage
      title="File editor"
      description="The instance's custom addons (/mnt/extra-addons) and its odoo.conf."
      render={(id, canManage) => <InstanceFiles key={id} instanceId={id} canManage={canManage} />}
    />
  );
}
