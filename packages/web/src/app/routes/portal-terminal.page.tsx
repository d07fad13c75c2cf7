import type { TerminalKind } from '@ocore/core';
import { useState } from 'react';
import { Page } from '../../components/layout';
import { InstancePicker } from '../../features/terminal/components/instance-picker';
import { TerminalView } from '../../features/terminal/components/terminal-view';

/** The portal's Terminal and Odoo shell pages: pick an instance, then the session opens. */
export function PortalTerminalPage({ kind }: { kind: TerminalKind }) {
  const [instanceId, setInstanceId] = useState('');
  return (
    <Page
      title={kind === 'odoo' ? 'Odoo shell' : 'Terminal'}
      description={
        kind === 'odoo'
          ? "An interactive Odoo shell on your instance's database."
          : "A terminal in your instance's container."
      }
    >
      <InstancePicker value={instanceId} onChange={setInstanceId} />
      {instanceId ? <TerminalView key={`${instanceId}-${kind}`} instanceId={instanceId} kind={kind} /> : null}
    </Page>
  );
}
