import { describe, expect, it } from 'vitest';
import { managedOdooConfKeys, mergeOdooConf, renderOdooConf } from './instance.rules.js';

const render = (workers: number) =>
  renderOdooConf({
    workers,
    database: 'odoo_abc',
    dbPassword: 'new-db-password',
    adminPassword: 'new-admin-password',
    dbHost: 'ocore-postgres',
    memoryLimitMb: null,
  });

/** The value of `key` in the [options] section, as Odoo's parser would read it (the last wins). */
const valueOf = (conf: string, key: string) =>
  conf
    .split('\n')
    .filter((l) => l.startsWith(`${key} =`))
    .map((l) => l.slice(key.length + 3))
    .at(-1);

describe('mergeOdooConf', () => {
  it('writes the rendered file when there is none yet', () => {
    expect(mergeOdooConf(render(2), undefined)).toEqual({ conf: render(2), keptKeys: [] });
  });

  it("keeps the user's own keys and sections, rewrites every managed one", () => {
    const edited = [
      '[options]',
      'admin_passwd = chosen-by-hand',
      'db_password = stale',
      'workers = 9',
      'dbfilter = .*',
      'list_db = True',
      '; mail server of the client',
      'smtp_server = mail.example.com',
      'limit_time_real = 3600',
      'server_wide_modules = base,web,queue_job',
      '',
      '[queue_job]',
      'channels = root:2',
    ].join('\n');
    const { conf, keptKeys } = mergeOdooConf(render(4), edited);
    expect(keptKeys.sort()).toEqual(['limit_time_real', 'server_wide_modules', 'smtp_server']);
    expect(valueOf(conf, 'admin_passwd')).toBe('new-admin-password');
    expect(valueOf(conf, 'db_password')).toBe('new-db-password');
    expect(valueOf(conf, 'workers')).toBe('4');
    expect(valueOf(conf, 'dbfilter')).toBe('^odoo_abc$');
    expect(valueOf(conf, 'list_db')).toBe('False');
    expect(valueOf(conf, 'smtp_server')).toBe('mail.example.com');
    // A default the control plane only proposes yields to the user's value, once.
    expect(valueOf(conf, 'limit_time_real')).toBe('3600');
    expect(conf.match(/^limit_time_real =/gm)).toHaveLength(1);
    expect(conf).toContain('; mail server of the client\nsmtp_server = mail.example.com');
    expect(conf).toMatch(/\n\[queue_job\]\nchannels = root:2\n$/);
    expect(conf.startsWith('[options]\n')).toBe(true);
    expect(conf.match(/^\[options\]$/gm)).toHaveLength(1);
  });

  it('names every key renderOdooConf derives from the instance as managed', () => {
    const rendered = render(2)
      .split('\n')
      .map((l) => l.split(' = ')[0])
      .filter((k) => k && !k.startsWith('['));
    const defaults = rendered.filter((k) => !(managedOdooConfKeys as readonly string[]).includes(k ?? ''));
    expect(defaults.sort()).toEqual(['limit_time_cpu', 'limit_time_real', 'max_cron_threads']);
  });

  it('serves the database chosen in database management again (db_name and its dbfilter)', () => {
    const served = render(2)
      .replace(/^db_name = .*$/m, 'db_name = shop.copy')
      .replace(/^dbfilter = .*$/m, 'dbfilter = .*');
    const { conf } = mergeOdooConf(render(2), served);
    expect(valueOf(conf, 'db_name')).toBe('shop.copy');
    expect(valueOf(conf, 'dbfilter')).toBe('^shop\\.copy$');
    expect(valueOf(conf, 'db_user')).toBe('odoo_abc');
  });

  it('is stable: merging its own output again changes nothing', () => {
    const once = mergeOdooConf(render(2), '[options]\nworkers = 1\nlog_level = debug\n').conf;
    expect(mergeOdooConf(render(2), once).conf).toBe(once);
  });
});
