import { describe, expect, it } from 'vitest';
import { renderOdooConf } from '../instances/instance.rules.js';
import { serveDatabase, servedDatabase } from './database-commands.js';

const conf = renderOdooConf({
  workers: 1,
  database: 'odoo_0123456789ab',
  dbPassword: 'p',
  adminPassword: 'a',
  dbHost: 'ocore-postgres',
  memoryLimitMb: null,
});

describe('the served database in odoo.conf', () => {
  it('reads db_name and sets db_name and dbfilter to one database', () => {
    expect(servedDatabase(conf)).toBe('odoo_0123456789ab');
    const next = serveDatabase(conf, 'odoo_0123456789ab_staging.v2');
    expect(servedDatabase(next)).toBe('odoo_0123456789ab_staging.v2');
    expect(next).toMatch(/^dbfilter = \^odoo_0123456789ab_staging\\\.v2\$$/m);
    expect(next.match(/^db_name/gm)).toHaveLength(1);
    expect(next).toContain('list_db = False');
  });

  it('adds the keys under [options] when odoo.conf has none', () => {
    const next = serveDatabase('[options]\nworkers = 2\n', 'odoo_x_a');
    expect(next).toBe('[options]\ndbfilter = ^odoo_x_a$\ndb_name = odoo_x_a\nworkers = 2\n');
    expect(servedDatabase('[options]\ndb_name = False\n')).toBeNull();
  });
});
