import type { AgencyOverview } from '@ocore/core';
import { Link } from 'react-router';

/** The agency at a glance: clients and portal domains. */
export function OverviewStats({ overview }: { overview: AgencyOverview }) {
  const stats = [
    { label: 'Clients', value: overview.clientCount, link: { to: '/agency/clients', text: 'Manage clients' } },
    {
      label: 'Portal domains',
      value: overview.portalDomainCount,
      link: { to: '/agency/domains', text: 'Manage domains' },
    },
    { label: 'Active domains', value: overview.activePortalDomains, link: null },
  ];
  return (
    <dl className="stat-grid">
      {stats.map((stat) => (
        <div key={stat.label} className="card stat">
          <dt>{stat.label}</dt>
          <dd className="stat-value">{stat.value}</dd>
          {stat.link ? (
            <dd>
              <Link to={stat.link.to}>{stat.link.text}</Link>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
