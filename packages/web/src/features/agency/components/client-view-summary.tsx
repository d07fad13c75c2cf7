import type { InfrastructureVisibility, PortalFeature } from '@ocore/core';
import { useId } from 'react';
import { portalFeatureList } from '../../../lib/portal-features';

const infrastructure: Record<InfrastructureVisibility, string> = {
  full: 'their servers, with addresses and resources',
  limited: 'their instances, without server details',
  none: 'no infrastructure',
};

/**
 * What a client member will see in their portal with the configuration as it stands in the
 * form (before saving): the menu, in order, and what stays hidden from them.
 */
export function ClientViewSummary({
  enabled,
  visibility,
}: {
  enabled: ReadonlySet<PortalFeature>;
  visibility: InfrastructureVisibility;
}) {
  const titleId = useId();
  const shown = portalFeatureList.filter((feature) => enabled.has(feature.key));
  const hidden = portalFeatureList.filter((feature) => !enabled.has(feature.key));
  return (
    <section className="client-view" aria-labelledby={titleId} aria-live="polite">
      <h3 id={titleId}>What a client sees</h3>
      <p>
        Their portal’s menu: <strong>{['Home', ...shown.map((feature) => feature.label)].join(' · ')}</strong>. Home
        lists their Odoo instances with status and address
        {shown.length ? ', then a tile for each section above' : ''}. Of the infrastructure they see{' '}
        {infrastructure[visibility]}.
      </p>
      <p>
        {hidden.length
          ? `Hidden from them: ${hidden.map((feature) => feature.label).join(', ')}. You can still do these for them.`
          : 'Nothing is hidden from them.'}
      </p>
      {enabled.has('teamManagementEnabled') ? (
        <p className="field-hint">
          Everyone in the client sees Team; only members whose role may invite people add or remove them.
        </p>
      ) : null}
    </section>
  );
}
