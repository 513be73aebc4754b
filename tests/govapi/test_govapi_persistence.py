"""Migrations match the models, seeding is deterministic, and data outlives a restart."""
from __future__ import annotations

import datetime as dt

import pytest
import requests
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from govapi_support import DEMO, Client, GovapiServer
from sqlalchemy import inspect, select

from govapi import validation
from govapi.db import make_engine
from govapi.migrate import ALEMBIC_INI, upgrade_to_head
from govapi.models import Base, Citizen, Contribution
from govapi.seed import generated_logins, seed_database


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrations_build_exactly_the_models(databases, backend):
    engine = make_engine(databases.url(backend))
    try:
        upgrade_to_head(engine)
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert differences == []
    finally:
        engine.dispose()


def test_migrations_downgrade_and_upgrade_again(databases):
    engine = make_engine(databases.url("sqlite"))
    try:
        config = Config(str(ALEMBIC_INI))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            command.downgrade(config, "base")
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
            command.upgrade(config, "head")
            assert "citizens" in inspect(connection).get_table_names()
    finally:
        engine.dispose()


def _snapshot(url: str) -> tuple[list, list]:
    engine = make_engine(url)
    try:
        upgrade_to_head(engine)
        assert seed_database(engine, 50, 4, today=dt.date(2026, 11, 25)) is True
        assert seed_database(engine, 50, 4, today=dt.date(2026, 11, 25)) is False
        with engine.connect() as connection:
            citizens = connection.execute(select(Citizen.id_number, Citizen.name_zh, Citizen.name_en, Citizen.phone)
                                          .order_by(Citizen.id)).all()
            contributions = connection.execute(select(Contribution.citizen_id, Contribution.month,
                                                      Contribution.base_fen).order_by(Contribution.id)).all()
        return citizens, contributions
    finally:
        engine.dispose()


def test_seed_is_deterministic_and_valid(databases):
    first, second = _snapshot(databases.url("sqlite")), _snapshot(databases.url("sqlite"))
    assert first == second
    citizens = first[0]
    assert len(citizens) == 54 and len({c.phone for c in citizens}) == 54
    assert [c.id_number for c in citizens[:4]] == [DEMO[k][0] for k in ("zhang", "li", "wang", "chen")]
    for citizen in citizens:
        assert validation.id_number(citizen.id_number) == citizen.id_number
        assert validation.phone(citizen.phone) == citizen.phone
    assert [(c.id_number, c.phone) for c in citizens[4:]] == generated_logins(50)


def test_data_outlives_a_restart(databases):
    url = databases.url("sqlite")
    server = GovapiServer(url, databases.workdir, {"GOVAPI_SEED_CITIZENS": "10"}).start()
    try:
        user = Client(server.base_url).login(*DEMO["zhang"])
        case_number = user.post("/v1/me/applications", json={"matter_code": "marriage_record_certificate"}) \
            .json()["case_number"]
    finally:
        server.stop()
    restarted = GovapiServer(url, databases.workdir, {"GOVAPI_SEED_CITIZENS": "10"}).start()
    try:
        # the binding survives too: sessions live in the database, not in a worker
        again = Client(restarted.base_url, user.chat_user)
        assert again.get(f"/v1/applications/{case_number}").json()["application"]["case_number"] == case_number
        assert "seeded" not in restarted.log()
        assert requests.get(restarted.base_url + "/health", timeout=10).json() == {"status": "ok"}
    finally:
        restarted.stop()
