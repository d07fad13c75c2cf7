import { InstanceDomains } from '../../features/instance-domains/components/instance-domains';
import { InstanceToolPage } from './instance-tool.page';

/** The custom domains of an instance. */
export function InstanceDomainsPage() {
  return (
    <InstanceToolPage
      title="Domains"
      anyStatus
      description="Your own domains for the instance: the DNS records to add, and their certificates."
      render={(id, canManage) => <InstanceDomains key={id} instanceId={id} canManage={canManage} />}
    />
  );
}
