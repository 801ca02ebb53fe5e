"""Run with .venv-bi's Python under a dashboard's Superset environment: opens the imported database
connection exactly as Superset does (Database.get_sqla_engine) and prints its access mode and what a
write gets, one `key value` line each, for tests/bi/test_dashboard.py."""

import sys

from superset.app import create_app

app = create_app()
with app.app_context():
    from superset.extensions import db
    from superset.models.core import Database

    database = db.session.query(Database).filter_by(database_name=sys.argv[1]).one()
    print("uri", database.sqlalchemy_uri_decrypted)
    with database.get_sqla_engine() as engine, engine.connect() as con:
        print("access_mode", con.exec_driver_sql("select current_setting('access_mode')").scalar())
        try:
            con.exec_driver_sql("create table probe_write (x integer)")
            print("write accepted")
        except Exception as exc:  # noqa: BLE001 (any refusal is reported; the test reads its text)
            print("write refused", str(exc).splitlines()[0])
