import { sql } from 'kysely';
import type { SecurityApp } from './security-app.js';

/** One text or JSON value of the database, and where it lives. */
export interface StoredText {
  column: string;
  text: string;
}

/**
 * Every text, varchar, JSON and array value of every table in the application's schema and
 * the job queue's, read as text.
 */
export async function readAllText(t: SecurityApp): Promise<StoredText[]> {
  const db = t.app.deps.database.db;
  const { rows: columns } = await sql<{ schema: string; table: string; column: string }>`
    select c.table_schema as schema, c.table_name as table, c.column_name as column
    from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema in ('public', 'pgboss') and t.table_type = 'BASE TABLE'
      and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')
    order by 1, 2, 3`.execute(db);
  const found: StoredText[] = [];
  for (const { schema, table, column } of columns) {
    const { rows } = await sql<{
      v: string | null;
    }>`select ${sql.ref(`${schema}.${table}.${column}`)}::text as v from ${sql.table(`${schema}.${table}`)}`.execute(
      db,
    );
    for (const row of rows) if (row.v) found.push({ column: `${schema}.${table}.${column}`, text: row.v });
  }
  return found;
}
