import { Link } from 'react-router';

const tools = [
  { path: 'logs', label: 'Logs' },
  { path: 'monitoring', label: 'Monitoring' },
  { path: 'backups', label: 'Backups' },
  { path: 'files', label: 'Files' },
  { path: 'databases', label: 'Databases' },
  { path: 'domains', label: 'Domains' },
  { path: 'terminal', label: 'Terminal' },
  { path: 'shell', label: 'Odoo shell' },
] as const;

/** The instance's tool pages (each checks its own permission and state when opened). */
export function InstanceTools({ instanceId }: { instanceId: string }) {
  return (
    <nav aria-label="Instance tools">
      <ul className="instance-tools">
        {tools.map((tool) => (
          <li key={tool.path}>
            <Link to={`/instances/${instanceId}/${tool.path}`}>{tool.label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
