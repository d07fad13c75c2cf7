import { sql, type Kysely } from 'kysely';

/**
 * Each organization's number of clients, kept by statement triggers in the same transaction
 * as the insert or delete: the client list's `total` is then one row read instead of a count
 * over all of an agency's clients on every page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('organizations')
    .addColumn('client_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`
    update organizations a set client_count = c.n
    from (select parent_organization_id as id, count(*)::int as n from organizations where parent_organization_id is not null group by 1) c
    where a.id = c.id
  `.execute(db);
  await sql`
    create function organizations_count_clients() returns trigger language plpgsql as $$
    begin
      -- The count's own update fires the update trigger again: nothing to do there.
      if tg_op = 'UPDATE' and pg_trigger_depth() > 1 then return null; end if;
      if tg_op in ('DELETE', 'UPDATE') then
        update organizations o set client_count = o.client_count - d.n
        from (select parent_organization_id as id, count(*)::int as n from old_rows where parent_organization_id is not null group by 1) d
        where o.id = d.id;
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        update organizations o set client_count = o.client_count + d.n
        from (select parent_organization_id as id, count(*)::int as n from new_rows where parent_organization_id is not null group by 1) d
        where o.id = d.id;
      end if;
      return null;
    end
    $$
  `.execute(db);
  await sql`create trigger organizations_clients_inserted after insert on organizations referencing new table as new_rows for each statement execute function organizations_count_clients()`.execute(
    db,
  );
  await sql`create trigger organizations_clients_deleted after delete on organizations referencing old table as old_rows for each statement execute function organizations_count_clients()`.execute(
    db,
  );
  await sql`create trigger organizations_clients_moved after update on organizations referencing old table as old_rows new table as new_rows for each statement execute function organizations_count_clients()`.execute(
    db,
  );
}
