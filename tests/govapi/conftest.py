"""Fixtures: govapi servers on a temporary SQLite file and on a fresh PostgreSQL database."""
from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from govapi_support import DEMO, PG_ADMIN_URL, Client, GovapiServer  # noqa: E402

BACKENDS = ["sqlite", "postgresql"]


class Databases:
    """Hands out SQLite files and PostgreSQL databases; drops the PostgreSQL ones at the end."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.pg_names: list[str] = []
        self.admin = None

    def url(self, backend: str) -> str:
        name = f"govapi_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        if backend == "sqlite":
            return f"sqlite:///{self.workdir / (name + '.db')}"
        if self.admin is None:
            self.admin = create_engine(PG_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.pg_names.append(name)
        return f"postgresql+psycopg2://postgres@127.0.0.1/{name}"

    def drop(self, name: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        for name in self.pg_names:
            self.drop(name)
        if self.admin is not None:
            self.admin.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    registry = Databases(tmp_path_factory.mktemp("govapi"))
    yield registry
    registry.close()


def _serve(databases: Databases, backend: str, **overrides):
    server = GovapiServer(databases.url(backend), databases.workdir, overrides).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def server(request, databases):
    """The main server: two workers, so concurrent requests really race."""
    yield from _serve(databases, request.param, GOVAPI_WORKERS="2", GOVAPI_SLOT_CAPACITY="4")


@pytest.fixture(scope="session", params=BACKENDS)
def strict_server(request, databases):
    """Short code/session/lockout lifetimes and a low SMS rate limit."""
    yield from _serve(databases, request.param, GOVAPI_SEED_CITIZENS="20", GOVAPI_OTP_RATE_LIMIT="3",
                      GOVAPI_OTP_TTL_SECONDS="2", GOVAPI_SESSION_MINUTES="0.05", GOVAPI_LOCKOUT_MINUTES="0.05")


@pytest.fixture(scope="session", params=BACKENDS)
def fuzz_server(request, databases):
    """A server of its own for the fuzzer, whose random writes must not disturb the other tests."""
    yield from _serve(databases, request.param, GOVAPI_SEED_CITIZENS="20")


@pytest.fixture
def api(server) -> Client:
    return Client(server.base_url)


@pytest.fixture
def strict_api(strict_server) -> Client:
    return Client(strict_server.base_url)


@pytest.fixture
def login(api):
    """login("zhang") -> a client whose chat user is bound to that demo citizen."""
    return lambda who: api.login(*DEMO[who])
