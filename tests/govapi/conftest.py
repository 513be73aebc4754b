"""Fixtures: govapi servers on a temporary SQLite file and on a fresh PostgreSQL database."""
from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from govapi_support import DEMO, Client, GovapiServer

from tests.postgres import ScratchDatabases

BACKENDS = ["sqlite", "postgresql"]


class Databases:
    """Hands out SQLite files and PostgreSQL databases; drops the PostgreSQL ones at the end."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.postgres: ScratchDatabases | None = None

    def url(self, backend: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{self.workdir / ('govapi_test_' + uuid.uuid4().hex[:8] + '.db')}"
        if self.postgres is None:
            self.postgres = ScratchDatabases("govapi_test")
        return self.postgres.create()

    def drop(self, name: str) -> None:
        self.postgres.drop(name)

    def close(self) -> None:
        if self.postgres is not None:
            self.postgres.drop_all()


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
    """Short code/handle/session/lockout lifetimes and a low SMS rate limit."""
    yield from _serve(databases, request.param, GOVAPI_SEED_CITIZENS="20", GOVAPI_OTP_RATE_LIMIT="3",
                      GOVAPI_OTP_TTL_SECONDS="2", GOVAPI_SESSION_MINUTES="0.05", GOVAPI_LOCKOUT_MINUTES="0.05",
                      GOVAPI_HANDLE_MINUTES="0.06")


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
