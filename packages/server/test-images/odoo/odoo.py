#!/usr/bin/env python3
"""`odoo` of the ocore-test/odoo image: a STAND-IN for the Odoo server, a test double of the
official `odoo` image for the control plane's tests. Never used in production.

It behaves like Odoo wherever the control plane depends on it (see README.md): the options and
odoo.conf keys it reads, the database it creates and initializes on the real PostgreSQL, the
filestore under data_dir, /web/health, /web/login and /websocket, the log format, and the
`shell` and `neutralize` commands. Odoo's ORM, modules and web client are not here.
"""
import base64
import configparser
import datetime
import hashlib
import json
import logging
import os
import re
import signal
import socket
import sys
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg2
from psycopg2 import sql

VERSION = os.environ.get('ODOO_VERSION') or '17.0'
MAJOR = int(VERSION.split('.')[0])

# Odoo's standard modules that tests may install; addons found in addons_path come on top.
STANDARD_MODULES = {
    'base', 'web', 'mail', 'contacts', 'calendar', 'crm', 'sale', 'sale_management', 'account',
    'stock', 'purchase', 'project', 'hr', 'website', 'point_of_sale', 'mrp', 'note', 'hr_expense',
    'im_livechat', 'helpdesk', 'l10n_generic_coa', 'l10n_fr', 'l10n_be', 'l10n_de', 'l10n_us',
}

# option -> (config key, takes a value, value for a flag)
OPTIONS = {}
for names, key, has_value, flag in [
    (('-c', '--config'), 'config', True, None),
    (('-s', '--save'), 'save', False, True),
    (('-d', '--database'), 'db_name', True, None),
    (('-i', '--init'), 'init', True, None),
    (('-u', '--update'), 'update', True, None),
    (('--stop-after-init',), 'stop_after_init', False, True),
    (('--db_host',), 'db_host', True, None),
    (('--db_port',), 'db_port', True, None),
    (('-r', '--db_user'), 'db_user', True, None),
    (('-w', '--db_password'), 'db_password', True, None),
    (('--db_sslmode',), 'db_sslmode', True, None),
    (('--db_maxconn',), 'db_maxconn', True, None),
    (('--db-template',), 'db_template', True, None),
    (('-D', '--data-dir'), 'data_dir', True, None),
    (('--addons-path',), 'addons_path', True, None),
    (('-p', '--http-port'), 'http_port', True, None),
    (('--http-interface',), 'http_interface', True, None),
    (('--gevent-port', '--longpolling-port'), 'gevent_port', True, None),
    (('--no-http',), 'http_enable', False, False),
    (('--proxy-mode',), 'proxy_mode', False, True),
    (('--workers',), 'workers', True, None),
    (('--max-cron-threads',), 'max_cron_threads', True, None),
    (('--limit-memory-soft',), 'limit_memory_soft', True, None),
    (('--limit-memory-hard',), 'limit_memory_hard', True, None),
    (('--limit-time-cpu',), 'limit_time_cpu', True, None),
    (('--limit-time-real',), 'limit_time_real', True, None),
    (('--limit-request',), 'limit_request', True, None),
    (('--db-filter',), 'dbfilter', True, None),
    (('--no-database-list',), 'list_db', False, False),
    (('--log-level',), 'log_level', True, None),
    (('--logfile',), 'logfile', True, None),
    (('--without-demo',), 'without_demo', True, None),
    (('--load-language',), 'load_language', True, None),
    (('--unaccent',), 'unaccent', False, True),
    (('--dev',), 'dev_mode', True, None),
    (('--stdout',), 'stdout', False, True),
]:
    for name in names:
        OPTIONS[name] = (key, has_value, flag)

DEFAULTS = {
    'db_host': False, 'db_port': False, 'db_user': False, 'db_password': False,
    'db_sslmode': 'prefer', 'db_template': 'template0', 'db_name': False,
    'data_dir': os.path.expanduser('~/.local/share/Odoo'), 'addons_path': '',
    'http_port': 8069, 'http_interface': '', 'gevent_port': 8072, 'http_enable': True,
    'proxy_mode': False, 'workers': 0, 'dbfilter': '', 'list_db': True, 'admin_passwd': 'admin',
    'log_level': 'info', 'logfile': False, 'without_demo': False,
}

log = logging.getLogger('odoo')
current_db = threading.local()


class DbFilter(logging.Filter):
    def filter(self, record):
        record.pid = os.getpid()
        record.dbname = getattr(current_db, 'name', None) or '?'
        return True


def setup_logging(conf):
    handler = logging.FileHandler(conf['logfile']) if conf['logfile'] else logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter('%(asctime)s %(pid)s %(levelname)s %(dbname)s %(name)s: %(message)s'))
    handler.addFilter(DbFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if conf['log_level'] in ('debug', 'debug_sql') else logging.INFO)


def fail(message, code=2):
    sys.stderr.write('Usage: odoo [options]\n\nodoo: error: %s\n' % message)
    sys.exit(code)


def parse_args(argv):
    """Odoo's command line: an optional command, then options (`--x=v`, `--x v`, `-x v`)."""
    command = 'server'
    if argv and not argv[0].startswith('-'):
        command, argv = argv[0], argv[1:]
    given = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, eq, inline = arg.partition('=')
        if arg == '--version':
            print('Odoo Server %s' % VERSION)
            sys.exit(0)
        if name not in OPTIONS:
            fail('no such option: %s' % name)
        key, has_value, flag = OPTIONS[name]
        if has_value:
            if eq:
                given[key] = inline
            elif i + 1 < len(argv):
                i += 1
                given[key] = argv[i]
            else:
                fail('%s option requires 1 argument' % name)
        else:
            given[key] = flag
        i += 1
    return command, given


def config_value(raw):
    if raw in ('False', 'false'):
        return False
    if raw in ('True', 'true'):
        return True
    if raw == 'None':
        return None
    return raw


def load_config(given):
    conf = dict(DEFAULTS)
    path = given.get('config') or os.environ.get('ODOO_RC') or os.path.expanduser('~/.odoorc')
    if os.path.exists(path):
        parser = configparser.RawConfigParser()
        try:
            parser.read(path)
        except configparser.Error as exc:
            fail('could not read the configuration file %s: %s' % (path, exc), 1)
        if parser.has_section('options'):
            for key, raw in parser.items('options'):
                conf[key] = config_value(raw)
    elif given.get('config'):
        fail("the configuration file %s does not exist" % path, 1)
    conf.update(given)
    conf['config'] = path
    for key in ('http_port', 'gevent_port', 'workers'):
        conf[key] = int(conf[key] or 0)
    if conf.get('longpolling_port') and 'gevent_port' not in given:
        conf['gevent_port'] = int(conf['longpolling_port'])
    return conf


def connect(conf, dbname):
    return psycopg2.connect(
        host=conf['db_host'] or None, port=conf['db_port'] or None, user=conf['db_user'] or None,
        password=conf['db_password'] or None, dbname=dbname, sslmode=conf['db_sslmode'] or 'prefer',
        connect_timeout=10, application_name='odoo-%d' % os.getpid())


def list_databases(conf):
    """The databases the user owns, as Odoo lists them (or the configured db_name)."""
    if conf['db_name']:
        return [d for d in str(conf['db_name']).split(',') if d]
    with connect(conf, 'postgres') as conn, conn.cursor() as cr:
        cr.execute("""SELECT datname FROM pg_database WHERE datdba = (SELECT usesysid FROM pg_user
                      WHERE usename = current_user) AND NOT datistemplate AND datallowconn
                      AND datname NOT IN ('postgres') ORDER BY datname""")
        names = [r[0] for r in cr.fetchall()]
    conn.close()
    return names


def create_database_if_missing(conf, name):
    conn = connect(conf, 'postgres')
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute('SELECT 1 FROM pg_database WHERE datname = %s', (name,))
            if cr.fetchone():
                return False
            cr.execute(sql.SQL("CREATE DATABASE {} ENCODING 'unicode' LC_COLLATE 'C' TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(conf['db_template'] or 'template0')))
            log.info('Create database `%s`.', name)
            return True
    finally:
        conn.close()


SCHEMA = """
CREATE TABLE ir_module_module (id serial PRIMARY KEY, name varchar NOT NULL UNIQUE,
  state varchar NOT NULL, latest_version varchar, write_date timestamp DEFAULT now());
CREATE TABLE ir_config_parameter (id serial PRIMARY KEY, key varchar NOT NULL UNIQUE, value text NOT NULL);
CREATE TABLE res_users (id serial PRIMARY KEY, login varchar NOT NULL UNIQUE, password varchar,
  active boolean NOT NULL DEFAULT true);
CREATE TABLE ir_cron (id serial PRIMARY KEY, name varchar NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE TABLE ir_mail_server (id serial PRIMARY KEY, name varchar NOT NULL, smtp_host varchar,
  active boolean NOT NULL DEFAULT true);
CREATE TABLE ir_attachment (id serial PRIMARY KEY, name varchar NOT NULL, store_fname varchar,
  checksum varchar, file_size integer);
"""


def is_initialized(cr):
    cr.execute("SELECT 1 FROM pg_class WHERE relname = 'ir_module_module' AND relkind = 'r'")
    return cr.fetchone() is not None


def store_attachment(conf, dbname, cr, name, content):
    """Writes a file as Odoo's filestore does: <data_dir>/filestore/<db>/<sha[:2]>/<sha>."""
    checksum = hashlib.sha1(content).hexdigest()
    fname = '%s/%s' % (checksum[:2], checksum)
    path = os.path.join(filestore(conf, dbname), fname)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(content)
    cr.execute('INSERT INTO ir_attachment (name, store_fname, checksum, file_size) VALUES (%s, %s, %s, %s)',
               (name, fname, checksum, len(content)))


def filestore(conf, dbname):
    return os.path.join(conf['data_dir'], 'filestore', dbname)


def initialize(conf, dbname, cr):
    log.info('init db')
    cr.execute(SCHEMA)
    params = {
        'database.uuid': str(uuid.uuid4()), 'database.secret': str(uuid.uuid4()),
        'database.create_date': datetime.datetime.utcnow().strftime('%Y-%m-%d %H:%M:%S'),
        'web.base.url': 'http://localhost:%d' % conf['http_port'],
    }
    cr.executemany('INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s)', params.items())
    cr.executemany('INSERT INTO res_users (id, login, password, active) VALUES (%s, %s, %s, %s)',
                   [(1, '__system__', None, False), (2, 'admin', 'admin', True)])
    cr.execute("SELECT setval('res_users_id_seq', 2)")
    cr.executemany('INSERT INTO ir_cron (name) VALUES (%s)',
                   [('Base: Auto-vacuum internal data',), ('Mail: Email Queue Manager',)])
    os.makedirs(os.path.join(conf['data_dir'], 'sessions'), exist_ok=True)
    store_attachment(conf, dbname, cr, 'web.assets_web.min.js', b'/* assets of %s */\n' % dbname.encode())
    install(conf, cr, ['base', 'web'])


def available_modules(conf):
    found = set(STANDARD_MODULES)
    for path in str(conf['addons_path'] or '').split(','):
        path = path.strip()
        if path and os.path.isdir(path):
            for name in os.listdir(path):
                if os.path.exists(os.path.join(path, name, '__manifest__.py')):
                    found.add(name)
    return found


def install(conf, cr, names):
    known = available_modules(conf)
    missing = [n for n in names if n not in known]
    if missing:
        logging.getLogger('odoo.modules.loading').warning('invalid module names, ignored: %s', ', '.join(missing))
    loading = logging.getLogger('odoo.modules.loading')
    for name in [n for n in names if n in known]:
        loading.info('Loading module %s', name)
        cr.execute("""INSERT INTO ir_module_module (name, state, latest_version) VALUES (%s, 'installed', %s)
                      ON CONFLICT (name) DO UPDATE SET state = 'installed', write_date = now()""",
                   (name, '%s.1.0' % VERSION))
    loading.info('%d modules loaded in 0.01s, 0 queries (+0 extra)', len(names) - len(missing))


def update(cr, names):
    if names == ['all']:
        cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed' ORDER BY name")
        names = [r[0] for r in cr.fetchall()]
    loading = logging.getLogger('odoo.modules.loading')
    for name in names:
        cr.execute("UPDATE ir_module_module SET latest_version = %s, write_date = now() "
                   "WHERE name = %s AND state = 'installed'", ('%s.1.0' % VERSION, name))
        if cr.rowcount:
            loading.info('updating module %s', name)
        else:
            loading.warning('module %s: not installed, update ignored', name)


def split_modules(value):
    return [m.strip() for m in str(value or '').split(',') if m.strip()]


def prepare_database(conf, dbname):
    """What Odoo does for `-d db` at start: create it if missing, initialize it, apply -i and -u."""
    current_db.name = dbname
    created = create_database_if_missing(conf, dbname)
    conn = connect(conf, dbname)
    try:
        with conn, conn.cursor() as cr:
            if created or not is_initialized(cr):
                initialize(conf, dbname, cr)
            if conf.get('init'):
                install(conf, cr, split_modules(conf['init']))
            if conf.get('update'):
                update(cr, split_modules(conf['update']))
            os.makedirs(filestore(conf, dbname), exist_ok=True)
        logging.getLogger('odoo.modules.registry').info('Registry loaded in 0.050s')
    finally:
        conn.close()
        current_db.name = None


# --------------------------------------------------------------------------------------------
# HTTP: /web/health, /web/login, /web/database/selector, /websocket

def resolve_database(conf, host):
    """Odoo's db_filter: the one database the request's host selects, if exactly one does."""
    try:
        names = list_databases(conf)
    except psycopg2.Error:
        return None
    if conf['dbfilter']:
        h = (host or '').partition(':')[0]
        if h.startswith('www.'):
            h = h[4:]
        d = h.partition('.')[0]
        pattern = conf['dbfilter'].replace('%h', re.escape(h)).replace('%d', re.escape(d))
        names = [n for n in names if re.match(pattern, n)]
    return names[0] if len(names) == 1 else None


def websocket_accept(key):
    digest = hashlib.sha1((key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').encode()).digest()
    return base64.b64encode(digest).decode()


def read_frame(rfile):
    head = rfile.read(2)
    if len(head) < 2:
        return None, None
    opcode = head[0] & 0x0F
    length = head[1] & 0x7F
    if length == 126:
        length = int.from_bytes(rfile.read(2), 'big')
    elif length == 127:
        length = int.from_bytes(rfile.read(8), 'big')
    mask = rfile.read(4) if head[1] & 0x80 else b'\0\0\0\0'
    data = bytes(b ^ mask[i % 4] for i, b in enumerate(rfile.read(length)))
    return opcode, data


def frame(opcode, data):
    if len(data) < 126:
        return bytes([0x80 | opcode, len(data)]) + data
    return bytes([0x80 | opcode, 126]) + len(data).to_bytes(2, 'big') + data


class Handler(BaseHTTPRequestHandler):
    conf = {}
    gevent = False
    server_version = 'Werkzeug/3.0.1'
    sys_version = 'Python/3.11'
    protocol_version = 'HTTP/1.1'

    def log_message(self, fmt, *args):
        logging.getLogger('werkzeug').info('%s - - [%s] %s', self.client_address[0],
                                            time.strftime('%d/%b/%Y %H:%M:%S'), fmt % args)

    def host(self):
        if self.conf['proxy_mode'] and self.headers.get('X-Forwarded-Host'):
            return self.headers['X-Forwarded-Host']
        return self.headers.get('Host', '')

    def send(self, status, body, content_type='text/html; charset=utf-8', headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(data)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = self.path.split('?')[0]
        if path == '/websocket':
            return self.websocket()
        if self.gevent:
            return self.send(404, 'Not Found')
        if path == '/web/health':
            return self.send(200, json.dumps({'status': 'pass'}), 'application/json; charset=utf-8')
        if path in ('/', '/web', '/odoo'):
            return self.send(303, '', headers=[('Location', '/web/login')])
        if path == '/web/login':
            return self.login_page()
        if path == '/web/database/selector':
            return self.selector()
        return self.send(404, '<h1>Not Found</h1>')

    def do_POST(self):
        if self.path.split('?')[0] != '/web/login' or self.gevent:
            return self.send(404, 'Not Found')
        length = int(self.headers.get('Content-Length') or 0)
        form = dict(p.split('=', 1) for p in self.rfile.read(length).decode().split('&') if '=' in p)
        dbname = resolve_database(self.conf, self.host())
        if not dbname:
            return self.send(404, '<h1>No database is selected</h1>')
        with connect(self.conf, dbname) as conn, conn.cursor() as cr:
            cr.execute('SELECT id FROM res_users WHERE login = %s AND password = %s AND active',
                       (form.get('login', ''), form.get('password', '')))
            user = cr.fetchone()
        conn.close()
        if not user:
            return self.send(200, '<p class="alert alert-danger">Wrong login/password</p>')
        target = '/odoo' if MAJOR >= 18 else '/web'
        return self.send(303, '', headers=[('Location', target),
                                           ('Set-Cookie', 'session_id=%s; HttpOnly; Path=/' % uuid.uuid4().hex)])

    def login_page(self):
        dbname = resolve_database(self.conf, self.host())
        if not dbname:
            if self.conf['list_db']:
                return self.send(303, '', headers=[('Location', '/web/database/selector')])
            return self.send(404, '<h1>No database is selected</h1>')
        current_db.name = dbname
        return self.send(200, (
            '<!DOCTYPE html><html><head><title>Odoo</title></head><body>'
            '<form class="oe_login_form" method="post" action="/web/login">'
            '<input type="hidden" name="db" value="%s"/><input name="login"/>'
            '<input name="password" type="password"/><button type="submit">Log in</button>'
            '</form></body></html>') % dbname)

    def selector(self):
        if not self.conf['list_db']:
            return self.send(403, '<h1>The database manager has been disabled by the administrator</h1>')
        items = ''.join('<li><a href="/odoo?db=%s">%s</a></li>' % (n, n) for n in list_databases(self.conf))
        return self.send(200, '<html><body><ul>%s</ul></body></html>' % items)

    def websocket(self):
        # With workers, Odoo serves /websocket on the gevent port only; without, on the HTTP port.
        if self.gevent != (self.conf['workers'] > 0):
            return self.send(400, 'Couldn\'t upgrade: /websocket is on port %d' % (
                self.conf['gevent_port'] if self.conf['workers'] > 0 else self.conf['http_port']))
        key = self.headers.get('Sec-WebSocket-Key')
        if self.headers.get('Upgrade', '').lower() != 'websocket' or not key:
            return self.send(400, 'Bad Request: expected a WebSocket upgrade')
        self.send_response(101, 'Switching Protocols')
        self.send_header('Upgrade', 'websocket')
        self.send_header('Connection', 'Upgrade')
        self.send_header('Sec-WebSocket-Accept', websocket_accept(key))
        self.end_headers()
        self.wfile.flush()
        while True:
            opcode, data = read_frame(self.rfile)
            if opcode is None or opcode == 0x8:
                self.wfile.write(frame(0x8, b''))
                break
            if opcode == 0x9:
                self.wfile.write(frame(0xA, data))
            elif opcode == 0x1:
                # Odoo answers a subscription with notifications; none are pending here.
                self.wfile.write(frame(0x1, b'[]'))
            self.wfile.flush()
        self.close_connection = True


def serve(conf):
    interface = conf['http_interface'] or '0.0.0.0'
    servers = []

    def start(port, gevent, label):
        handler = type('BoundHandler', (Handler,), {'conf': conf, 'gevent': gevent})
        httpd = ThreadingHTTPServer((interface, port), handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        logging.getLogger('odoo.service.server').info('%s running on %s:%d', label, socket.gethostname(), port)

    if conf['http_enable']:
        start(conf['http_port'], False, 'HTTP service (werkzeug)')
        if conf['workers'] > 0:
            start(conf['gevent_port'], True, 'Evented Service (longpolling)')
    stop = threading.Event()

    def on_signal(signum, _frame):
        server_log = logging.getLogger('odoo.service.server')
        server_log.info('Initiating shutdown')
        server_log.info('Hit CTRL-C again or send a second signal to force the shutdown.')
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    stop.wait()
    for httpd in servers:
        httpd.shutdown()
    sys.exit(0)


# --------------------------------------------------------------------------------------------
# `odoo shell`: an env-like object over the stand-in's tables

class Records:
    def __init__(self, env, model, ids):
        self.env, self._name, self.ids = env, model, list(ids)

    @property
    def _table(self):
        return sql.Identifier(self._name.replace('.', '_'))

    def __iter__(self):
        return (Records(self.env, self._name, [i]) for i in self.ids)

    def __len__(self):
        return len(self.ids)

    def __bool__(self):
        return bool(self.ids)

    def __repr__(self):
        return '%s%r' % (self._name, tuple(self.ids))

    def __getattr__(self, field):
        if field.startswith('_'):
            raise AttributeError(field)
        if len(self.ids) != 1:
            raise ValueError('Expected singleton: %r' % self)
        return self.mapped(field)[0]

    def sudo(self, *_args):
        return self

    def with_context(self, *_args, **_kwargs):
        return self

    def browse(self, ids):
        return Records(self.env, self._name, [ids] if isinstance(ids, int) else ids)

    def search(self, domain=(), limit=None, order='id'):
        where, params = [], []
        for term in domain:
            if isinstance(term, str):
                continue
            field, op, value = term
            op = {'=': '=', '!=': '!=', '>': '>', '<': '<', '>=': '>=', '<=': '<=', 'like': 'LIKE',
                  'ilike': 'ILIKE', 'in': '= ANY', 'not in': '!= ALL'}[op]
            if op in ('LIKE', 'ILIKE'):
                value = '%%%s%%' % value
            template = '{} %s (%%s)' if 'ANY' in op or 'ALL' in op else '{} %s %%s'
            where.append(sql.SQL(template % op).format(sql.Identifier(field)))
            params.append(list(value) if 'ANY' in op or 'ALL' in op else value)
        query = sql.SQL('SELECT id FROM {} WHERE {} ORDER BY {}').format(
            self._table, sql.SQL(' AND ').join(where) if where else sql.SQL('true'), sql.Identifier(order))
        if limit:
            query += sql.SQL(' LIMIT {}').format(sql.Literal(int(limit)))
        self.env.cr.execute(query, params)
        return Records(self.env, self._name, [r[0] for r in self.env.cr.fetchall()])

    def search_count(self, domain=()):
        return len(self.search(domain))

    def read(self, fields=None):
        self.env.cr.execute(sql.SQL('SELECT * FROM {} WHERE id = ANY(%s) ORDER BY id').format(self._table), (self.ids,))
        rows = self.env.cr.dictfetchall()
        return [{k: v for k, v in row.items() if not fields or k in fields or k == 'id'} for row in rows]

    def mapped(self, field):
        return [row[field] for row in self.read([field])]

    def write(self, values):
        sets = sql.SQL(', ').join(sql.SQL('{} = %s').format(sql.Identifier(k)) for k in values)
        self.env.cr.execute(sql.SQL('UPDATE {} SET {} WHERE id = ANY(%s)').format(self._table, sets),
                            list(values.values()) + [self.ids])
        return True

    def create(self, values):
        query = sql.SQL('INSERT INTO {} ({}) VALUES ({}) RETURNING id').format(
            self._table, sql.SQL(', ').join(map(sql.Identifier, values)), sql.SQL(', ').join(sql.Placeholder() * len(values)))
        self.env.cr.execute(query, list(values.values()))
        return self.browse(self.env.cr.fetchone()[0])

    def unlink(self):
        self.env.cr.execute(sql.SQL('DELETE FROM {} WHERE id = ANY(%s)').format(self._table), (self.ids,))
        return True

    # ir.config_parameter
    def get_param(self, key, default=False):
        self.env.cr.execute('SELECT value FROM ir_config_parameter WHERE key = %s', (key,))
        row = self.env.cr.fetchone()
        return row[0] if row else default

    def set_param(self, key, value):
        self.env.cr.execute("""INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s)
                               ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value""", (key, str(value)))
        return True

    # ir.module.module
    def button_immediate_install(self):
        install(self.env.conf, self.env.cr, self.mapped('name'))

    def button_immediate_upgrade(self):
        update(self.env.cr, self.mapped('name'))


class Cursor:
    def __init__(self, conn):
        self._conn, self._cr = conn, conn.cursor()
        self.dbname = conn.info.dbname

    def __getattr__(self, name):
        return getattr(self._cr, name)

    def dictfetchall(self):
        names = [d[0] for d in self._cr.description]
        return [dict(zip(names, row)) for row in self._cr.fetchall()]

    def commit(self):
        self._conn.commit()

    def rollback(self):
        self._conn.rollback()


class Environment:
    def __init__(self, conf, cr):
        self.conf, self.cr, self.uid, self.context = conf, cr, 1, {}

    def __getitem__(self, model):
        return Records(self, model, [])

    @property
    def user(self):
        return Records(self, 'res.users', [2])


def run_shell(conf):
    if not conf['db_name']:
        print('No environment set, use `odoo shell -d dbname` to get one.')
        return 0
    dbname = str(conf['db_name']).split(',')[0]
    conn = connect(conf, dbname)
    current_db.name = dbname
    try:
        cr = Cursor(conn)
        if not is_initialized(cr):
            raise SystemExit('Database %s is not initialized, you can force it with `-i base`' % dbname)
        env = Environment(conf, cr)
        scope = {'__name__': '__main__', 'env': env, 'self': env.user, 'odoo': sys.modules[__name__]}
        try:
            exec(sys.stdin.read(), scope)
        except Exception:
            traceback.print_exc()
            return 1
        finally:
            # As Odoo's shell: nothing is kept unless the script committed.
            conn.rollback()
    finally:
        conn.close()
    return 0


def run_neutralize(conf):
    if not conf['db_name']:
        fail('neutralize needs a database (-d)')
    dbname = str(conf['db_name']).split(',')[0]
    current_db.name = dbname
    queries = [
        'UPDATE ir_cron SET active = false',
        'UPDATE ir_mail_server SET active = false',
        "INSERT INTO ir_config_parameter (key, value) VALUES ('database.is_neutralized', 'true') "
        "ON CONFLICT (key) DO UPDATE SET value = 'true'",
    ]
    if conf.get('stdout'):
        print('BEGIN;\n%s;\nCOMMIT;' % ';\n'.join(queries))
        return 0
    neutralize_log = logging.getLogger('odoo.cli.neutralize')
    neutralize_log.info('Starting %s database neutralization', dbname)
    conn = connect(conf, dbname)
    try:
        with conn, conn.cursor() as cr:
            for query in queries:
                cr.execute(query)
    finally:
        conn.close()
    neutralize_log.info('Neutralization finished')
    return 0


def main(argv):
    command, given = parse_args(argv)
    if command == 'help':
        print('Available commands: server, shell, neutralize (the ocore-test stand-in)')
        return 0
    if command not in ('server', 'shell', 'neutralize'):
        sys.stderr.write('odoo: the ocore-test stand-in does not implement `odoo %s`\n' % command)
        return 2
    conf = load_config(given)
    setup_logging(conf)
    if conf['db_user'] == 'postgres':
        sys.stderr.write("Using the database user 'postgres' is a security risk, aborting.")
        return 1
    if command == 'shell':
        return run_shell(conf)
    if command == 'neutralize':
        return run_neutralize(conf)
    log.info('Odoo version %s', VERSION)
    log.info('Using configuration file at %s', conf['config'])
    log.info('addons paths: %s', split_modules(conf['addons_path']))
    log.info('database: %s@%s:%s', conf['db_user'] or 'default', conf['db_host'] or 'default',
             conf['db_port'] or 'default')
    try:
        for dbname in split_modules(conf['db_name']):
            prepare_database(conf, dbname)
    except psycopg2.Error as exc:
        logging.getLogger('odoo.service.server').critical('Failed to initialize database: %s', exc)
        return 1
    if conf.get('stop_after_init'):
        logging.getLogger('odoo.service.server').info('Initiating shutdown')
        return 0
    serve(conf)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
