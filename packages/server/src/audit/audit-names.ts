import { sql, type RawBuilder } from 'kysely';

/**
 * The tables whose rows an audit entry may name, each with its name column; only rows of the
 * entry's own organization are looked up (an agency's entries may also name its clients).
 */
const named: Record<string, { table: string; name: string }> = {
  server: { table: 'servers', name: 'name' },
  instance: { table: 'instances', name: 'name' },
  template: { table: 'templates', name: 'name' },
  topology: { table: 'topologies', name: 'name' },
  project: { table: 'projects', name: 'name' },
  api_key: { table: 'api_keys', name: 'name' },
  backup_destination: { table: 'backup_destinations', name: 'name' },
  instance_domain: { table: 'instance_domains', name: 'domain' },
};

/**
 * The name of an audit entry's target (`audit_log` as `a`): the row's name as it is now, a
 * member's or a client organization's name, else the name the entry recorded in its diff.
 */
export function auditTargetName(): RawBuilder<string | null> {
  const byTable = Object.entries(named).map(
    ([type, { table, name }]) =>
      sql`when ${type} then (select t.${sql.ref(name)}::text from ${sql.table(table)} t where t.id::text = a.target_id and t.organization_id = a.organization_id)`,
  );
  return sql<string | null>`coalesce(
    case a.target_type
      ${sql.join(byTable, sql` `)}
      when 'member' then (select coalesce(nullif(u.name, ''), u.email) from users u join members m on m.user_id = u.id
                          where u.id::text = a.target_id and m.organization_id = a.organization_id)
      when 'organization' then (select o.name from organizations o where o.id::text = a.target_id
                                and (o.id = a.organization_id or o.parent_organization_id = a.organization_id))
    end,
    a.diff->'after'->>'name',
    a.diff->'before'->>'name'
  )`;
}
