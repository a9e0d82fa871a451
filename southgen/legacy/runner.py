# -*- coding: utf-8 -*-
"""southgen's legacy runner: drives real South inside the legacy interpreter.

Runs under Python 2.6+ (and 3) next to Django 1.4-1.6 and South. southgen
starts it as a subprocess (``runner.py serve``) and talks JSON lines with
it, or has it create or drop a scratch database (``runner.py admin JSON``):
southgen_protocol.py, next to this file, says what each side sends.

A command is a function registered with @command under the name the
protocol gives it (and the arguments it declares); what differs between
SQLite, PostgreSQL and MySQL is a Database class.
"""
from __future__ import print_function

import copy
import datetime
import decimal
import json
import os
import sys
import time
import traceback
import types

import southgen_protocol as protocol
import southgen_standins as standins

PY2 = sys.version_info[0] == 2
if PY2:
    text_type = unicode  # noqa: F821
    binary_types = (bytearray, buffer)  # noqa: F821
else:
    text_type = str
    binary_types = (bytes, bytearray, memoryview)

CONTRIB_APPS = ("auth", "contenttypes")
MAX_ROWS = 50

PROTO = None
STATE = {"config": None, "database": None, "migration_files": set(), "first_error": None,
         "current": None, "in_format_backwards": False, "capture": None,
         "broken": {}, "assumed": []}


# ---------------------------------------------------------------- utilities

def to_text(value):
    if isinstance(value, text_type):
        return value
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("latin-1")
    try:
        return text_type(value)
    except Exception:
        return repr(value)


def jsonable(value):
    """A JSON-safe, stable representation of a database value."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if PY2 and isinstance(value, long):  # noqa: F821
        return int(value)
    if isinstance(value, decimal.Decimal):
        return to_text(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return to_text(value)
    if isinstance(value, binary_types) and not isinstance(value, (str, text_type)):
        return "0x" + "".join("%02x" % c for c in bytearray(value))
    return to_text(value)


def send(obj):
    PROTO.write(json.dumps(obj) + "\n")
    PROTO.flush()


def str_keys(mapping):
    return dict((str(k), v) for k, v in (mapping or {}).items())


def trim(message, limit=2000):
    message = to_text(message).strip()
    if len(message) > limit:
        message = message[:limit] + " [...]"
    return message


# ------------------------------------------------------------------- errors

def is_migration_file(path):
    path = os.path.abspath(path)
    if path.endswith((".pyc", ".pyo")):
        path = path[:-1]
    return path in STATE["migration_files"]


def describe(exc_info):
    """A JSON description of an exception, unwrapping South's wrappers."""
    etype, value, tb = exc_info
    dry_run = False
    try:
        from south import exceptions as south_exceptions
        wrappers = (south_exceptions.FailedDryRun, south_exceptions.BrokenMigration)
    except Exception:
        wrappers = ()
    while wrappers and isinstance(value, wrappers) and getattr(value, "exc_info", None):
        if isinstance(value, wrappers[0]):
            dry_run = True
        etype, value, tb = value.exc_info
    frames = traceback.extract_tb(tb) if tb is not None else []
    in_migration = [f for f in frames if is_migration_file(f[0])]
    where = in_migration[-1] if in_migration else None
    lines = traceback.format_exception(etype, value, tb)
    message = trim(to_text(value) or etype.__name__)
    return {
        "type": etype.__name__,
        "message": message,
        "file": where and os.path.abspath(where[0]),
        "line": where and where[1],
        "function": where and where[2],
        "raised_in_migration": bool(frames) and is_migration_file(frames[-1][0]),
        "dry_run": dry_run,
        "traceback": trim("".join(to_text(l) for l in lines), 6000),
    }


# ---------------------------------------------------------------- databases

class Database(object):
    """What differs between the database engines: settings, catalogs, DDL."""

    engine = None  # as in southgen_protocol.ENGINES
    django_engine = None
    # Run on each new connection: a scratch database wants speed, not
    # durability (waiting for the disk at each commit is most of the time).
    connection_setup = ()
    TABLE_NAMES = None  # the query for the names of the tables, sorted

    def load_driver(self):
        pass

    def settings(self, db):
        return {
            "ENGINE": self.django_engine,
            "NAME": db["name"],
            "USER": db.get("user") or "",
            "PASSWORD": db.get("password") or "",
            "HOST": db.get("host") or "",
            "PORT": str(db.get("port") or ""),
        }

    def table_names(self, cursor):
        cursor.execute(self.TABLE_NAMES)
        return [to_text(row[0]) for row in cursor.fetchall()]

    def drop_tables(self, cursor, names, quote):
        for name in names:
            cursor.execute("DROP TABLE IF EXISTS %s" % quote(name))

    def insert_defaults(self, quoted_table):
        """An INSERT of a row of nothing but defaults."""
        return "INSERT INTO %s DEFAULT VALUES" % quoted_table

    def snapshot(self, cursor):
        """{table: TABLE} (southgen_protocol's shape) of every table."""
        raise NotImplementedError


class Server(Database):
    """A database on a server, which `admin` creates and drops."""

    def admin(self, action, db, name):
        """Create or drop database `name`, connected to the server as `db` says."""
        conn = self.connect_server(db)
        cursor = conn.cursor()
        quoted = self.quote_database(name)
        if action == "create":
            self.create(cursor, quoted)
        elif action == "drop":
            self.drop(conn, cursor, name, quoted)
        conn.close()

    def connect_server(self, db):
        raise NotImplementedError

    def quote_database(self, name):
        raise NotImplementedError

    def create(self, cursor, quoted):
        raise NotImplementedError

    def drop(self, conn, cursor, name, quoted):
        raise NotImplementedError


def new_table():
    return {"columns": {}, "order": [], "indexes": [], "fks": [], "checks": []}


class SQLite(Database):
    engine = "sqlite"
    django_engine = "django.db.backends.sqlite3"
    connection_setup = ("PRAGMA synchronous = OFF", "PRAGMA journal_mode = MEMORY")
    TABLE_NAMES = ("SELECT name FROM sqlite_master WHERE type = 'table'"
                   " AND name NOT LIKE 'sqlite_%' ORDER BY name")

    def __init__(self):
        self.cache = {}  # table -> (its CREATE statements, what the PRAGMAs said)

    def snapshot(self, cursor):
        """Per table from PRAGMAs; a table whose CREATE statements in
        sqlite_master did not change since the last snapshot is not re-read."""
        cursor.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"
                       " WHERE type IN ('table', 'index') ORDER BY name")
        definitions = {}
        for kind, name, table_name, sql in cursor.fetchall():
            if kind == "table" and not to_text(name).startswith("sqlite_"):
                definitions.setdefault(to_text(name), []).insert(0, ("table", sql))
            elif kind == "index":
                definitions.setdefault(to_text(table_name), []).append((to_text(name), sql))
        tables = {}
        for name in sorted(definitions):
            if definitions[name][0][0] != "table":
                continue
            key = tuple(definitions[name])
            cached = self.cache.get(name)
            if cached is None or cached[0] != key:
                cached = self.cache[name] = (key, self.table(cursor, name))
            tables[name] = cached[1]
        return tables

    def table(self, cursor, name):
        quote = lambda name: '"%s"' % name.replace('"', '""')
        table = new_table()
        cursor.execute("PRAGMA table_info(%s)" % quote(name))
        columns = cursor.fetchall()
        pk_count = len([c for c in columns if c[5]])
        for cid, column, ctype, notnull, default, pk in columns:
            column = to_text(column)
            table["order"].append(column)
            table["columns"][column] = {
                "type": to_text(ctype).lower(), "null": not notnull and not pk,
                "default": None if default is None else to_text(default),
                "pk": bool(pk),
                "auto": bool(pk) and pk_count == 1 and to_text(ctype).lower() == "integer",
            }
        cursor.execute("PRAGMA index_list(%s)" % quote(name))
        for row in cursor.fetchall():
            index_name, unique = to_text(row[1]), bool(row[2])
            origin = to_text(row[3]) if len(row) > 3 else "c"
            cursor.execute("PRAGMA index_info(%s)" % quote(index_name))
            cols = [to_text(r[2]) for r in sorted(cursor.fetchall())]
            table["indexes"].append({
                "name": index_name, "columns": cols, "unique": unique,
                "primary": origin == "pk", "constraint": origin in ("u", "pk"), "using": "",
            })
        cursor.execute("PRAGMA foreign_key_list(%s)" % quote(name))
        groups = {}
        for row in cursor.fetchall():
            groups.setdefault(row[0], []).append(row)
        for fk_id, rows in sorted(groups.items()):
            rows.sort(key=lambda r: r[1])
            table["fks"].append({
                "name": "", "columns": [to_text(r[3]) for r in rows],
                "ref_table": to_text(rows[0][2]),
                "ref_columns": [to_text(r[4]) if r[4] is not None else None for r in rows],
                "deferrable": "",
            })
        return table


def column_names(numbers, table):
    """SQL: the names of `table`'s columns numbered `numbers` (an array), in order."""
    return ("ARRAY(SELECT a.attname FROM unnest(%s) WITH ORDINALITY k(num, ord)"
            " JOIN pg_attribute a ON a.attrelid = %s AND a.attnum = k.num ORDER BY k.ord)"
            % (numbers, table))


class PostgreSQL(Server):
    engine = "postgresql"
    django_engine = "django.db.backends.postgresql_psycopg2"
    connection_setup = ("SET synchronous_commit TO off",)
    TABLE_NAMES = ("SELECT c.relname FROM pg_class c JOIN pg_namespace n"
                   " ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
                   " AND n.nspname = current_schema() ORDER BY c.relname")
    # The snapshot queries, planned once per connection (planning these
    # catalog joins costs as much as running them).
    QUERIES = {
        "pg_columns": """
    SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
           pg_get_expr(d.adbin, d.adrelid), a.attidentity
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
    ORDER BY c.relname, a.attnum""",
        "pg_indexes": """
    SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary,
           %s,
           pg_get_indexdef(ix.indexrelid),
           EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid
                   AND con.contype IN ('u', 'p'))
    FROM pg_index ix
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema()
    ORDER BY t.relname, i.relname""" % column_names("ix.indkey", "t.oid"),
        "pg_constraints": """
    SELECT t.relname, con.conname, con.contype, r.relname,
           %s,
           %s,
           con.condeferrable, con.condeferred, pg_get_constraintdef(con.oid)
    FROM pg_constraint con
    JOIN pg_class t ON t.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    LEFT JOIN pg_class r ON r.oid = con.confrelid
    WHERE n.nspname = current_schema() AND con.contype IN ('f', 'c')
    ORDER BY t.relname, con.conname""" % (column_names("con.conkey", "con.conrelid"),
                                          column_names("con.confkey", "con.confrelid")),
    }

    def __init__(self):
        self.prepared_on = None  # the driver connection the queries are prepared on

    def drop_tables(self, cursor, names, quote):
        for name in names:
            cursor.execute("DROP TABLE IF EXISTS %s CASCADE" % quote(name))
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind = 'S' AND n.nspname = current_schema()")
        for (name,) in cursor.fetchall():
            cursor.execute("DROP SEQUENCE IF EXISTS %s CASCADE" % quote(name))

    def execute(self, cursor, name):
        from django.db import connection
        raw = connection.connection
        if self.prepared_on is not raw:
            for query_name in ("pg_columns", "pg_indexes", "pg_constraints"):
                cursor.execute("PREPARE southgen_%s AS %s" % (query_name, self.QUERIES[query_name]))
            self.prepared_on = raw
        cursor.execute("EXECUTE southgen_%s" % name)

    def snapshot(self, cursor):
        tables = {}
        self.execute(cursor, "pg_columns")
        for tname, column, ctype, notnull, default, identity in cursor.fetchall():
            table = tables.setdefault(to_text(tname), new_table())
            default = None if default is None else to_text(default)
            table["order"].append(to_text(column))
            table["columns"][to_text(column)] = {
                "type": to_text(ctype), "null": not notnull, "default": default, "pk": False,
                "auto": bool(identity) or bool(default and default.startswith("nextval(")),
            }
        self.execute(cursor, "pg_indexes")
        for tname, iname, unique, primary, cols, definition, constraint in cursor.fetchall():
            table = tables.setdefault(to_text(tname), new_table())
            definition = to_text(definition)
            using = definition[definition.find(" USING "):].strip() if " USING " in definition else ""
            cols = [to_text(c) for c in cols]
            if primary:
                for col in cols:
                    if col in table["columns"]:
                        table["columns"][col]["pk"] = True
            table["indexes"].append({
                "name": to_text(iname), "columns": cols, "unique": bool(unique),
                "primary": bool(primary), "constraint": bool(constraint), "using": using,
            })
        self.execute(cursor, "pg_constraints")
        for tname, cname, ctype, rname, cols, rcols, deferrable, deferred, definition in cursor.fetchall():
            table = tables.setdefault(to_text(tname), new_table())
            if ctype == "f":
                table["fks"].append({
                    "name": to_text(cname), "columns": [to_text(c) for c in cols],
                    "ref_table": to_text(rname), "ref_columns": [to_text(c) for c in rcols],
                    "deferrable": ("DEFERRABLE INITIALLY DEFERRED" if deferred else "DEFERRABLE")
                    if deferrable else "",
                })
            else:
                table["checks"].append({"name": to_text(cname), "definition": to_text(definition)})
        return tables

    def connect_server(self, db):
        import psycopg2
        params = {"dbname": db.get("name") or "postgres"}
        for key in ("user", "password", "host", "port"):
            if db.get(key):
                params[key] = db[key]
        conn = psycopg2.connect(**params)
        conn.autocommit = True
        return conn

    def quote_database(self, name):
        return '"%s"' % name.replace('"', '""')

    def create(self, cursor, quoted):
        cursor.execute("CREATE DATABASE %s" % quoted)

    def drop(self, conn, cursor, name, quoted):
        import psycopg2
        force = conn.server_version >= 130000
        for attempt in range(20):
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                           " WHERE datname = %s AND pid <> pg_backend_pid()", [name])
            try:
                cursor.execute("DROP DATABASE IF EXISTS %s%s" % (quoted, " WITH (FORCE)" if force else ""))
                break
            except psycopg2.Error:
                if attempt == 19:
                    raise
                time.sleep(0.25)


class MySQL(Server):
    engine = "mysql"
    django_engine = "django.db.backends.mysql"
    TABLE_NAMES = ("SELECT table_name FROM information_schema.tables WHERE"
                   " table_schema = DATABASE() AND table_type = 'BASE TABLE'"
                   " ORDER BY table_name")

    def load_driver(self):
        """Django's MySQL backend imports MySQLdb: provide PyMySQL under that name."""
        try:
            import MySQLdb  # noqa: F401
        except ImportError:
            import pymysql
            pymysql.install_as_MySQLdb()

    def settings(self, db):
        settings = Database.settings(self, db)
        settings["OPTIONS"] = {"charset": "utf8"}
        return settings

    def drop_tables(self, cursor, names, quote):
        cursor.execute("SET FOREIGN_KEY_CHECKS = 0")
        Database.drop_tables(self, cursor, names, quote)
        cursor.execute("SET FOREIGN_KEY_CHECKS = 1")

    def insert_defaults(self, quoted_table):
        return "INSERT INTO %s () VALUES ()" % quoted_table

    def snapshot(self, cursor):
        tables = {}
        for name in self.table_names(cursor):
            tables[name] = new_table()
        cursor.execute("""
            SELECT table_name, column_name, column_type, is_nullable, column_default,
                   column_key, extra
            FROM information_schema.columns WHERE table_schema = DATABASE()
            ORDER BY table_name, ordinal_position""")
        for tname, column, ctype, nullable, default, key, extra in cursor.fetchall():
            table = tables.get(to_text(tname))
            if table is None:
                continue  # a view
            default = None if default is None else to_text(default)
            if default == "NULL":  # MariaDB reports "no default" on a nullable column so
                default = None
            table["order"].append(to_text(column))
            table["columns"][to_text(column)] = {
                "type": to_text(ctype), "null": to_text(nullable) == "YES", "default": default,
                "pk": to_text(key) == "PRI", "auto": "auto_increment" in to_text(extra).lower(),
            }
        cursor.execute("""
            SELECT table_name, index_name, non_unique, column_name, index_type
            FROM information_schema.statistics WHERE table_schema = DATABASE()
            ORDER BY table_name, index_name, seq_in_index""")
        indexes = {}
        for tname, iname, non_unique, column, itype in cursor.fetchall():
            key = (to_text(tname), to_text(iname))
            if key not in indexes:
                indexes[key] = {
                    "name": to_text(iname), "columns": [], "unique": not int(non_unique),
                    "primary": to_text(iname) == "PRIMARY", "constraint": False,
                    "using": "USING %s" % to_text(itype),
                }
            indexes[key]["columns"].append(to_text(column))
        for (tname, iname), index in sorted(indexes.items()):
            if tname in tables:
                tables[tname]["indexes"].append(index)
        cursor.execute("""
            SELECT table_name, constraint_name, column_name, referenced_table_name,
                   referenced_column_name
            FROM information_schema.key_column_usage
            WHERE table_schema = DATABASE() AND referenced_table_name IS NOT NULL
            ORDER BY table_name, constraint_name, ordinal_position""")
        fks = {}
        for tname, cname, column, rtable, rcolumn in cursor.fetchall():
            key = (to_text(tname), to_text(cname))
            if key not in fks:
                fks[key] = {"name": to_text(cname), "columns": [], "ref_table": to_text(rtable),
                            "ref_columns": [], "deferrable": ""}
            fks[key]["columns"].append(to_text(column))
            fks[key]["ref_columns"].append(to_text(rcolumn))
        for (tname, cname), fk in sorted(fks.items()):
            if tname in tables:
                tables[tname]["fks"].append(fk)
        return tables

    def connect_server(self, db):
        try:
            import MySQLdb as driver
        except ImportError:
            import pymysql as driver
        params = {}
        for key, arg in (("user", "user"), ("password", "passwd"), ("host", "host")):
            if db.get(key):
                params[arg] = db[key]
        if db.get("port"):
            params["port"] = int(db["port"])
        return driver.connect(**params)

    def quote_database(self, name):
        return "`%s`" % name.replace("`", "``")

    def create(self, cursor, quoted):
        cursor.execute("CREATE DATABASE %s CHARACTER SET utf8" % quoted)

    def drop(self, conn, cursor, name, quoted):
        cursor.execute("SELECT id FROM information_schema.processlist WHERE db = %s"
                       " AND id <> CONNECTION_ID()", [name])
        for (pid,) in cursor.fetchall():
            try:
                cursor.execute("KILL %d" % int(pid))
            except Exception:
                pass
        for attempt in range(20):
            try:
                cursor.execute("DROP DATABASE IF EXISTS %s" % quoted)
                break
            except Exception:
                if attempt == 19:
                    raise
                time.sleep(0.25)


DATABASES = dict((db.engine, db) for db in (SQLite(), PostgreSQL(), MySQL()))


# -------------------------------------------------------------------- setup

def prepare(config):
    """Django and South set up, not yet connected to the database."""
    STATE["config"] = config
    for path in reversed(config.get("sys_path_first") or []):
        sys.path.insert(0, path)
    for path in config.get("sys_path_last") or []:
        sys.path.append(path)
    STATE["migration_files"] = set(os.path.abspath(p) for p in config.get("migration_files", []))
    standins.install(STATE["migration_files"], current_key)
    database = STATE["database"] = DATABASES[config["engine"]]
    database.load_driver()
    dbsettings = database.settings(config["db"])
    modules = str_keys(config.get("migration_modules"))
    from django.conf import settings
    if config.get("settings"):
        os.environ["DJANGO_SETTINGS_MODULE"] = config["settings"]
        installed = list(settings.INSTALLED_APPS)  # imports the user's settings
        if "south" not in installed:
            installed.append("south")
        settings.INSTALLED_APPS = installed
        # Never touch the user's own databases: only the scratch one exists.
        settings.DATABASES = {"default": dbsettings}
        settings.DATABASE_ROUTERS = []
        merged = dict(getattr(settings, "SOUTH_MIGRATION_MODULES", {}) or {})
        merged.update(modules)
        settings.SOUTH_MIGRATION_MODULES = merged
        settings.DEBUG = False
    else:
        apps = ["django.contrib.%s" % label for label in CONTRIB_APPS]
        apps += ["django.contrib.%s" % label for label in config.get("extra_contrib", [])]
        apps.append("south")
        apps += [str(name) for name in config.get("apps", [])]
        settings.configure(
            DATABASES={"default": dbsettings},
            INSTALLED_APPS=apps,
            SOUTH_MIGRATION_MODULES=modules,
            SECRET_KEY="southgen-verify",
            # Aware datetimes in frozen defaults need it; naive ones still work.
            USE_TZ=True,
            DEBUG=False,
            MIDDLEWARE_CLASSES=(),
            SOUTH_TESTS_MIGRATE=False,
            SITE_ID=1,
        )
    import django
    if hasattr(django, "setup"):
        django.setup()
    import logging
    logging.getLogger("south").setLevel(logging.CRITICAL)
    patch_south()
    skip_model_validation()
    from django.db.backends.signals import connection_created

    def set_up_connection(sender, connection, **kwargs):
        cursor = connection.cursor()
        for statement in database.connection_setup:
            cursor.execute(statement)
    if database.connection_setup:
        connection_created.connect(set_up_connection, weak=False)


def current_key():
    current = STATE["current"]
    return str(current[0]) if current is not None else None


def connect():
    """Connect now (a bad database shows up at setup) and sync the apps
    without migrations."""
    import django
    import south
    from django.db import connection
    connection.cursor()
    syncdb()
    create_absent_tables(STATE["config"].get("absent_models"))
    return {
        "python": "%d.%d.%d" % tuple(sys.version_info[:3]),
        "django": django.get_version(),
        "south": getattr(south, "__version__", "?"),
        "vendor": connection.vendor,
    }


def syncdb():
    """South's syncdb: the tables of the apps without migrations."""
    from django.core.management import call_command
    call_command("syncdb", interactive=False, verbosity=0, migrate=False)
    commit()


def skip_model_validation():
    """Management commands validate every registered model first; after a
    migration, South's fake ORM models are registered too, and Django 1.4
    refuses to sync or load data because of them."""
    from django.core.management.base import BaseCommand
    BaseCommand.validate = lambda self, *args, **kwargs: 0


def commit():
    import django
    from django.db import transaction
    if django.VERSION < (1, 6):
        transaction.commit_unless_managed()


def rollback():
    import django
    from django.db import transaction
    try:
        if django.VERSION < (1, 6):
            transaction.rollback_unless_managed()
        else:
            from django.db import connection
            if not connection.get_autocommit():
                connection.rollback()
    except Exception:
        pass


def patch_south():
    """Make South report the real error and run faithfully in one process."""
    from south.migration import migrators
    from south.migration.base import Migrations

    # One database alias only: the modules never need re-importing between
    # migrate calls (South reloads every migration module on each call).
    Migrations.invalidate_all_modules = staticmethod(lambda: None)

    original_wrap = migrators.Migrator._wrap_direction

    def _wrap_direction(direction, orm):
        function = original_wrap(direction, orm)

        def call():
            try:
                return function()
            except Exception:
                if STATE["first_error"] is None and not STATE["in_format_backwards"]:
                    STATE["first_error"] = sys.exc_info()
                raise
        return call
    migrators.Migrator._wrap_direction = staticmethod(_wrap_direction)

    # On databases without DDL transactions, South's error path dry-runs the
    # backwards to suggest a recovery; when that raises, the real error is lost.
    original_format = migrators.Forwards.format_backwards

    def format_backwards(self, migration):
        STATE["in_format_backwards"] = True
        try:
            try:
                return original_format(self, migration)
            except Exception:
                return "   (backwards could not be dry-run: %s)" % sys.exc_info()[1]
        finally:
            STATE["in_format_backwards"] = False
    migrators.Forwards.format_backwards = format_backwards

    original_run = migrators.Migrator.run

    def run(self, migration, database):
        STATE["current"] = (migration, self.torun)
        return original_run(self, migration, database)
    migrators.Migrator.run = run

    import south.db
    for ops in south.db.dbs.values():
        wrap_execute(ops)
    standins.patch_south_fields()
    standins.patch_settings()
    isolate_broken_migrations()
    linear_dependency_plans()
    swapped_models_by_name()


def swapped_models_by_name():
    """`orm['auth.User']` in a frozen dict that holds the project's own user
    model (`accounts.User`) instead: the project set AUTH_USER_MODEL, which
    verify does not know. A model missing from the frozen ORM is the one
    model of the same name it holds, if there is exactly one."""
    from south.orm import _FakeORM
    original = _FakeORM.__getitem__

    def getitem(self, key):
        try:
            return original(self, key)
        except KeyError:
            model_key, _, field = key.partition(":")
            name = model_key.lower().rsplit(".", 1)[-1]
            same = [k for k in self.models if k.rsplit(".", 1)[-1] == name and k != model_key.lower()]
            if len(same) != 1 or isinstance(self.models[same[0]], str):
                raise
            standins.record("model", model_key, same[0])
            return original(self, same[0] + (":" + field if field else ""))
    _FakeORM.__getitem__ = getitem


def forwards_children(migration):
    return migration.dependencies


def backwards_children(migration):
    return migration.dependents


def linear_dependency_plans():
    """South memoises each migration's plan keyed by a lambda made afresh on
    every call, so every migrate recomputes every plan (cubic in an app's
    length); with the same function each time its cache holds. The
    dependencies themselves never change after the plan is made."""
    from south.migration import base

    base.Migration.forwards_plan = lambda self: base.depends(self, forwards_children)
    base.Migration._backwards_plan = lambda self: base.depends(self, backwards_children)
    original_str = base.Migration.__str__

    def name(self):
        cached = self.__dict__.get("_southgen_str")
        if cached is None:
            cached = self.__dict__["_southgen_str"] = original_str(self)
        return cached
    base.Migration.__str__ = name
    base.Migration.__hash__ = lambda self: hash(name(self))


def isolate_broken_migrations():
    """A migration that does not import becomes a placeholder that raises
    when run, so that South can still order every other one; a dependency
    on an app or migration that is not there is taken as met."""
    from south import exceptions
    from south.migration.base import Migration, Migrations
    from django.core.exceptions import ImproperlyConfigured

    original_migration = Migration.migration

    def migration(self):
        try:
            return original_migration(self)
        except (exceptions.BrokenMigration, SyntaxError):
            if not any(m is self for m in self.migrations):
                raise  # a dependency naming a migration that does not exist
            info = describe(sys.exc_info())
            STATE["broken"][str(self)] = info
            self._migration = placeholder_module(self, info)
            return self._migration
    Migration.migration = migration

    def _get_dependency_objects(self, attrname):
        for app, name in getattr(self.migration_class(), attrname, []):
            try:
                migrations = Migrations(app)
            except (ImproperlyConfigured, exceptions.NoMigrations):
                assume(self, attrname, app, name, "app not in the project")
                continue
            dependency = migrations.migration(name)
            try:
                dependency.migration()
            except exceptions.BrokenMigration:
                assume(self, attrname, app, name, "no such migration")
                continue
            if dependency.is_before(self) is False:
                raise exceptions.DependsOnHigherMigration(self, dependency)
            yield dependency
    Migration._get_dependency_objects = _get_dependency_objects


def assume(migration, attrname, app, name, why):
    entry = {"migration": str(migration), "attribute": attrname,
             "target": "%s:%s" % (app, name), "why": why}
    if entry not in STATE["assumed"]:
        STATE["assumed"].append(entry)


def placeholder_module(migration, info):
    from south.v2 import SchemaMigration
    message = "%s does not import: %s: %s" % (
        migration, info["type"], (info["message"].splitlines() or [""])[-1])

    def fail(self, orm):
        raise ImportError(message)
    module = types.ModuleType(migration.full_name())
    module.Migration = type("Migration", (SchemaMigration,), {
        "forwards": fail, "backwards": fail, "models": {},
        "complete_apps": [migration.app_label()], "southgen_placeholder": True})
    return module


def latest_frozen_models(order, present):
    """Each model's latest frozen definition (South's plan order), a full
    definition preferred over a stub; and which are of absent apps."""
    latest = {}
    for migration in order:
        frozen = getattr(migration.migration_class(), "models", None) or {}
        for key, data in frozen.items():
            if not isinstance(data, dict) or "." not in str(key):
                continue
            key = str(key).lower()
            if data.get("_stub") and key in latest and not latest[key].get("_stub"):
                continue
            latest[key] = data
    absent = sorted(k for k in latest if k.split(".", 1)[0] not in present)
    if not absent:
        return None
    models = json.loads(json.dumps(latest, default=to_text))
    return {"models": models, "absent": absent}


def create_absent_tables(definitions):
    """Tables for the models frozen from apps that are not in the project,
    from their latest frozen definition. Without foreign key constraints:
    what they reference may not exist yet."""
    if not definitions:
        return []
    from south.db import db
    from south.orm import FakeORM
    models, absent = definitions["models"], definitions["absent"]
    holder = type("Migration", (object,), {"models": copy.deepcopy(models)})
    orm = FakeORM(holder, "southgen_absent")
    # A table some present app's migrations create is theirs to create.
    existing = set(table_names()) | set(
        orm[key]._meta.db_table for key in models if key not in set(absent))
    created = []
    pending = db.deferred_sql
    db.deferred_sql = []
    try:
        for key in absent:
            meta = orm[key]._meta
            if not meta.managed or meta.proxy or meta.db_table in existing:
                continue
            create_model_table(db, meta)
            existing.add(meta.db_table)
            created.append(meta.db_table)
            for field in meta.local_many_to_many:
                through = field.rel.through._meta
                if through.auto_created and through.db_table not in existing:
                    create_model_table(db, through)
                    existing.add(through.db_table)
                    created.append(through.db_table)
    finally:
        db.deferred_sql = pending
    commit()
    return created


def create_model_table(db, meta):
    db.create_table(meta.db_table, [(f.name, f) for f in meta.local_fields])
    for names in meta.unique_together:
        db.create_unique(meta.db_table, [meta.get_field(n).column for n in names])


def wrap_execute(ops):
    original = ops.execute

    def execute(sql, params=[], print_all_errors=True):
        captured = STATE["capture"]
        if captured is not None and not ops.dry_run and not is_introspection(sql):
            captured.append({"sql": to_text(sql), "params": [jsonable(p) for p in (params or [])]})
        return original(sql, params, print_all_errors)
    ops.execute = execute


def is_introspection(sql):
    head = to_text(sql).strip().lower()
    if head.startswith("pragma"):
        return True
    if head.startswith("select") or head.startswith("show"):
        return any(word in head for word in ("information_schema", "pg_", "sqlite_master"))
    return False


def reset_south_state():
    """What a fresh `manage.py migrate` process would start with."""
    import south.db
    for ops in south.db.dbs.values():
        ops._constraint_cache = {}
        for attr in ("_reverse_cache", "_constraint_references"):
            if hasattr(ops, attr):
                setattr(ops, attr, {})
        ops.deferred_sql = []
        ops.pending_create_signals = []
        ops.dry_run = False
        ops.debug = False
        ops.pending_transactions = 0
    STATE["first_error"] = None
    STATE["current"] = None

# ----------------------------------------------------------------- commands

COMMANDS = {}


def command(name):
    """Register the function as the protocol's command `name`; its arguments
    must be the ones southgen_protocol declares (those with defaults are the
    optional ones)."""
    def register(function):
        code = function.__code__
        names = list(code.co_varnames[:code.co_argcount])
        required = len(names) - len(function.__defaults__ or ())
        found = (sorted(names[:required]), sorted(names[required:]))
        declared = protocol.argument_names(name)
        if found != declared:
            raise TypeError("command %s takes %r, the protocol declares %r" % (name, found, declared))
        COMMANDS[name] = function
        return function
    return register


@command("plan")
def cmd_plan():
    """Every migration in South's order across apps; the ones that do not
    import come as placeholders, with `broken` saying why."""
    from django.db import models
    from south.migration import all_migrations
    from south.migration.base import Migrations

    apps = list(all_migrations())
    for migrations in apps:
        for migration in migrations:
            migration.migration_class()
    Migrations.calculate_dependencies(force=True)
    from south.migration import utils
    utils.dependency_cache.clear()
    order = []
    seen = set()
    for migrations in apps:
        if not len(migrations):
            continue
        for migration in migrations[-1].forwards_plan():
            key = str(migration)
            if key in seen:
                continue
            seen.add(key)
            order.append(migration)
    result = []
    for migration in order:
        previous = migration.previous()
        klass = migration.migration_class()
        module = migration.migration()
        key = str(migration)
        result.append({
            "app": migration.app_label(),
            "name": migration.name(),
            "prev": previous.name() if previous is not None else None,
            "requires": [str(m) for m in migration.forwards_plan()[:-1]],
            "file": source_file(module) if key not in STATE["broken"] else None,
            "no_dry_run": bool(getattr(klass, "no_dry_run", False)),
            "broken": STATE["broken"].get(key),
            "data_only": changes_no_model(migration),
        })
    present = set(m.__name__.split(".")[-2] for m in models.get_apps())
    present.update(m.app_label() for m in apps)
    return {"migrations": result, "apps": [m.app_label() for m in apps],
            "assumed": STATE["assumed"], "absent_models": latest_frozen_models(order, present)}


def changes_no_model(migration):
    """A data migration: South's DataMigration, or its app's frozen models
    are those of the previous one."""
    from south.v2 import DataMigration
    klass = migration.migration_class()
    previous = migration.previous()
    if getattr(klass, "southgen_placeholder", False) or previous is None:
        return False
    if issubclass(klass, DataMigration):
        return True

    def own(frozen_class):
        frozen = getattr(frozen_class, "models", None) or {}
        label = migration.app_label().lower()
        return dict((k, v) for k, v in frozen.items() if str(k).lower().startswith(label + "."))
    mine = own(klass)
    return bool(mine) and mine == own(previous.migration_class())


@command("create_absent")
def cmd_create_absent(definitions):
    """Tables for models of absent apps (also after every later reset)."""
    STATE["config"]["absent_models"] = definitions
    return {"created": create_absent_tables(definitions)}


def source_file(module):
    path = os.path.abspath(getattr(module, "__file__", "") or "")
    if path.endswith((".pyc", ".pyo")):
        path = path[:-1]
    return path


@command("migrate")
def cmd_migrate(app, target=None, fake=False):
    """Run South's own migrate for one app; errors come back as data.
    With ``fake``, South only records the migrations as applied."""
    from south.migration import migrate_app
    from south.migration.base import Migrations

    reset_south_state()
    started = time.time()
    try:
        migrate_app(Migrations(app), target_name=target, verbosity=0, fake=bool(fake),
                    load_initial_data=False, interactive=False)
    except (Exception, SystemExit):
        caught = sys.exc_info()
        rollback()
        real = STATE["first_error"] or caught
        error = describe(real)
        current = STATE["current"]
        if current is not None:
            error["migration"] = str(current[0])
            error["direction"] = current[1]
            error["stand_ins"] = standins.used_by(current[0].migration())
        return {"ok": False, "error": error, "seconds": time.time() - started}
    finally:
        reset_south_state()
    commit()
    return {"ok": True, "seconds": time.time() - started}


@command("applied")
def cmd_applied():
    from south.models import MigrationHistory
    rows = MigrationHistory.objects.filter(applied__isnull=False).order_by("applied", "id")
    return ["%s:%s" % (r.app_name, r.migration) for r in rows]


@command("capture")
def cmd_capture(app, target=None):
    STATE["capture"] = []
    try:
        outcome = cmd_migrate(app, target)
    finally:
        captured, STATE["capture"] = STATE["capture"], None
    outcome["statements"] = captured
    return outcome


@command("reset")
def cmd_reset(applied, faked=()):
    """Drop every table, sync again and replay `applied` forwards, in order
    (the ones in `faked` only recorded as applied)."""
    drop_all_tables()
    reset_south_state()
    syncdb()
    create_absent_tables(STATE["config"].get("absent_models"))
    for key in applied:
        app, name = key.split(":", 1)
        outcome = cmd_migrate(app, name, fake=key in faked)
        if not outcome["ok"]:
            return {"ok": False, "error": outcome["error"]}
    return {"ok": True}



def drop_all_tables():
    from django.db import connection
    names = list(table_names())
    STATE["database"].drop_tables(connection.cursor(), names, connection.ops.quote_name)
    commit()


def table_names():
    from django.db import connection
    return STATE["database"].table_names(connection.cursor())


@command("snapshot")
def cmd_snapshot(rows_except=None):
    """The schema; with ``rows_except`` (a list of table names) also the
    rows of every other table, as `read_rows` reads them."""
    from django.db import connection
    database = STATE["database"]
    tables = database.snapshot(connection.cursor())
    commit()
    result = {"vendor": database.engine, "tables": tables}
    if rows_except is not None:
        result["rows"] = cmd_read_rows(row_keys(tables, rows_except))
    return result



def row_keys(tables, rows_except=()):
    """Per table, the columns that order its rows: the primary key, else all."""
    keys = {}
    for name, table in tables.items():
        if name in rows_except:
            continue
        pk = [c for c in table["order"] if table["columns"][c]["pk"]]
        keys[name] = pk or list(table["order"])
    return keys


@command("read_rows")
def cmd_read_rows(tables, limit=MAX_ROWS):
    """Up to `limit` rows of each table, ordered by the given key columns."""
    from django.db import connection
    quote = connection.ops.quote_name
    cursor = connection.cursor()
    result = {}
    for table, keys in sorted(tables.items()):
        order = ", ".join(quote(k) for k in keys) or "1"
        try:
            cursor.execute("SELECT * FROM %s ORDER BY %s LIMIT %d" % (quote(table), order, int(limit)))
            names = [to_text(d[0]) for d in cursor.description]
            result[table] = [dict(zip(names, [jsonable(v) for v in row])) for row in cursor.fetchall()]
        except Exception:
            rollback()
            result[table] = None
    commit()
    return result


@command("insert_rows")
def cmd_insert_rows(rows, only_if_empty=False, read=None):
    """Insert sample rows; a value {"$ref": [table, column]} takes that column
    from the first row of that table. With ``read`` ({table: key columns}),
    the rows of those tables afterwards come back too."""
    from django.db import connection
    quote = connection.ops.quote_name
    errors = []
    inserted = []
    for row in rows:
        table = row["table"]
        values = row["values"]
        columns, params = [], []
        try:
            cursor = connection.cursor()
            if only_if_empty:
                cursor.execute("SELECT 1 FROM %s LIMIT 1" % quote(table))
                if cursor.fetchone():
                    continue
            for column, value in sorted(values.items()):
                if isinstance(value, dict) and "$ref" in value:
                    ref_table, ref_column = value["$ref"]
                    cursor.execute("SELECT %s FROM %s ORDER BY %s LIMIT 1" % (
                        quote(ref_column), quote(ref_table), quote(ref_column)))
                    found = cursor.fetchone()
                    value = found[0] if found else value.get("fallback")
                columns.append(quote(column))
                params.append(value)
            if columns:
                sql = "INSERT INTO %s (%s) VALUES (%s)" % (
                    quote(table), ", ".join(columns), ", ".join(["%s"] * len(columns)))
            else:
                sql = STATE["database"].insert_defaults(quote(table))
            cursor.execute(sql, params)
            commit()
            inserted.append(table)
        except Exception:
            rollback()
            errors.append({"table": table, "message": trim(sys.exc_info()[1], 300)})
    result = {"inserted": inserted, "errors": errors}
    if read is not None:
        result["rows"] = cmd_read_rows(read)
    return result


@command("drop_database")
def cmd_drop_database():
    """Drop this runner's own scratch database (southgen asks at the end)."""
    config = STATE["config"]
    name = config["db"]["name"]
    database = STATE["database"]
    if not name.startswith(protocol.SCRATCH_PREFIX) or not isinstance(database, Server):
        raise ValueError("not a scratch database: %r" % name)
    from django.db import connection
    connection.close()
    database.admin("drop", dict(config["db"], name=config.get("server_db") or ""), name)
    return {"dropped": name}


@command("quit")
def cmd_quit():
    return None



# -------------------------------------------------------------------- serve

def serve():
    global PROTO
    # The protocol gets a private copy of stdout; fd 1 becomes stderr, so that
    # whatever Django, South or a migration prints can't corrupt it.
    PROTO = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    # Likewise stdin: a migration that asks for input reads an empty file.
    requests = os.fdopen(os.dup(0), "r")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    sys.stdin = open(os.devnull)
    line = requests.readline()
    if not line:
        return 1
    config = json.loads(line)
    error = None
    try:
        prepare(config)
    except (Exception, SystemExit):
        error = describe(sys.exc_info())
    if config.get("wait_for_database") and not requests.readline():
        return 1  # southgen gave up (the database could not be created)
    if error is None:
        try:
            info = connect()
        except (Exception, SystemExit):
            error = describe(sys.exc_info())
    if error is not None:
        send({"id": 0, "ok": False, "error": error})
        return 1
    send({"id": 0, "ok": True, "result": info})
    while True:
        line = requests.readline()
        if not line:
            return 0
        request = json.loads(line)
        name = request.get("cmd")
        try:
            result = COMMANDS[name](**str_keys(request.get("args")))
            reply = {"id": request.get("id"), "ok": True, "result": result}
        except (Exception, SystemExit):
            rollback()
            reply = {"id": request.get("id"), "ok": False, "error": describe(sys.exc_info())}
        stand_ins = standins.drain()
        if stand_ins:
            reply["stand_ins"] = stand_ins
        send(reply)
        if name == "quit":
            return 0


# ------------------------------------------------------------------- admin

def admin(request):
    """Create or drop a scratch database with the runtime's own drivers."""
    action, engine, db, name = request["action"], request["engine"], request["db"], request["name"]
    try:
        database = DATABASES.get(engine)
        if not isinstance(database, Server):
            raise ValueError("no admin for %s" % engine)
        database.admin(action, db, name)
    except Exception:
        print(json.dumps({"ok": False, "error": trim(sys.exc_info()[1], 500)}))
        return 1
    print(json.dumps({"ok": True}))
    return 0


# What runner.py runs: mode -> (how many arguments it takes, the function).
MODES = {"serve": (0, serve), "admin": (1, lambda request: admin(json.loads(request)))}


def main(argv):
    arity, function = MODES.get(argv[1] if len(argv) >= 2 else None, (None, None))
    if function is not None and len(argv) >= 2 + arity:
        return function(*argv[2:2 + arity])
    print("usage: runner.py serve | runner.py admin JSON", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
