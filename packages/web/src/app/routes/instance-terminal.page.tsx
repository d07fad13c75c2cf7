import type { TerminalKind } from '@ocore/core';
import { useParams } from 'react-router';
import { Page } from '../../components/layout';
import { TerminalView } from '../../features/terminal/components/terminal-view';

const titles: Record<TerminalKind, { title: string; description: string }> = {
  shell: {
    title: 'Terminal',
    description: "A shell in the instance's container, as the odoo user. Idle sessions end on their own.",
  },
  odoo: {
    title: 'Odoo shell',
    description: "Python with `env` on the instance's database (odoo shell). Nothing is kept unless you commit.",
  },
};

/** `/instances/:instanceId/terminal` and `/instances/:instanceId/shell` in the dashboard. */
export function InstanceTerminalPage({ kind }: { kind: TerminalKind }) {
  const { instanceId = '' } = useParams();
  return (
    <Page title={titles[kind].title} description={titles[kind].description}>
      <TerminalView key={`${instanceId}-${kind}`} instanceId={instanceId} kind={kind} />
    </Page>
  );
}
