import { sql, type Kysely } from 'kysely';

/**
 * The Docker Engine's socket on each server, reached through its SSH connection: the usual
 * `/var/run/docker.sock` unless the server says otherwise (a rootless engine, a second daemon).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('servers')
    .addColumn('docker_socket', 'text', (c) => c.notNull().defaultTo('/var/run/docker.sock'))
    .execute();
  await db.schema
    .alterTable('servers')
    .addCheckConstraint('servers_docker_socket_absolute', sql`docker_socket like '/%' and length(docker_socket) <= 255`)
    .execute();
}
