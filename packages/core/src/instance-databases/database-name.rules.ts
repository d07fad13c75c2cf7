import { DomainError } from '../shared/domain-error.js';

/** Odoo's rule for database names (odoo/service/db.py DBNAME_PATTERN), within PostgreSQL's 63 bytes. */
export const databaseNamePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
export const databaseNameMax = 63;

/**
 * The instance's databases share the shared PostgreSQL of their server with every other
 * client's: each one is named after the instance's role (`odoo_<id>`, its first database)
 * or starts with it and `_`, so no client can take, or learn, another client's names.
 */
export function databasePrefix(role: string): string {
  return `${role}_`;
}

/** Whether `name` is one of the instance's names (its role's own, or under its prefix). */
export function isInstanceDatabaseName(role: string, name: string): boolean {
  return name === role || name.startsWith(databasePrefix(role));
}

/** Checks a database name given for `field`: Odoo's characters, the length, and the instance's prefix. */
export function requireDatabaseName(role: string, name: string, field = 'name'): string {
  const fail = (message: string) => new DomainError('INVALID_INPUT', `${field}: ${message}`, { field });
  if (name.length > databaseNameMax) throw fail(`must be at most ${databaseNameMax} characters`);
  if (!databaseNamePattern.test(name))
    throw fail('may hold only letters, digits, "_", "-" and "." (and not start with "_", "-" or ".")');
  if (!isInstanceDatabaseName(role, name)) throw fail(`must start with ${databasePrefix(role)}`);
  return name;
}
