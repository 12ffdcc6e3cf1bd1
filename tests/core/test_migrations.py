"""The Alembic migrations build exactly the schema the models describe, and go down and up again."""
import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from fairapp import create_app
from fairapp.extensions import db

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                          "migrations")
SERVER_URL = os.environ.get("DATABASE_URL", "")

# A fresh database per dialect that this run has: SQLite always, PostgreSQL when DATABASE_URL names one.
DIALECTS = ["sqlite"] + (["postgresql"] if SERVER_URL.startswith("postgresql") else [])


def differences(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def script_heads():
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return set(ScriptDirectory.from_config(config).get_heads())


def database_heads(engine):
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def test_the_migrations_have_a_single_head():
    """Parallel branches of work may each add a head; `flask db merge heads` before a release."""
    heads = script_heads()
    assert len(heads) == 1, f"the migrations have {len(heads)} heads: {sorted(heads)}; merge them"


def test_models_and_migrations_agree_on_the_session_database(app):
    with app.app_context():
        assert database_heads(db.engine) == script_heads()
        assert differences(db.engine) == []


@pytest.fixture(params=DIALECTS)
def fresh_database(request, tmp_path):
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path / "fresh.db")
        return
    admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    name = f"fairapp_migrate_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield SERVER_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_downgrade_to_base_and_upgrade_again(fresh_database, tmp_path):
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": fresh_database,
                                 "HUEY_FILENAME": str(tmp_path / "huey.db")})
    runner = app.test_cli_runner()
    model_tables = set(db.metadata.tables)

    def flask_db(*args):
        result = runner.invoke(args=["db", *args])
        assert result.exit_code == 0, f"flask db {' '.join(args)} failed:\n{result.output}\n{result.exception!r}"

    def tables():
        with app.app_context():
            return set(inspect(db.engine).get_table_names())

    try:
        flask_db("upgrade", "heads")
        assert tables() == model_tables | {"alembic_version"}

        flask_db("downgrade", "base")
        assert tables() <= {"alembic_version"}

        flask_db("upgrade", "heads")
        assert tables() == model_tables | {"alembic_version"}
        with app.app_context():
            assert database_heads(db.engine) == script_heads()
            assert differences(db.engine) == []
    finally:
        with app.app_context():
            db.engine.dispose()
