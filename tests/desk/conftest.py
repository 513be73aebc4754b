"""Fixtures of the desk's tests: a stand-in Rasa with the desk's endpoints, a gateway process
with the desk open around the clock, staff accounts made with the staff CLI."""

import pytest

from tests.desk.desk_client import Staff, create_staff
from tests.desk.desk_rasa import DeskFakeRasa
from tests.gateway.gateway_process import GatewayProcess
from tests.postgres import ScratchDatabases

ALWAYS_OPEN = "Mon-Sun 00:00-24:00"
STAFF = {"agent_a": "agent", "agent_b": "agent", "boss": "supervisor", "trainer_t": "trainer"}


@pytest.fixture(scope="session")
def desk_rasa():
    server = DeskFakeRasa().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def desk_rasa_is_up(desk_rasa):
    desk_rasa.up = True
    yield
    desk_rasa.up = True


class DeskGateway(GatewayProcess):
    def __init__(self, var_dir, database_url: str, rasa_url: str, **env: str) -> None:
        defaults = dict(RASA_URL=rasa_url, GATEWAY_DATABASE_URL=database_url, GOVAPI_URL="http://127.0.0.1:9",
                        DESK_HOURS=ALWAYS_OPEN, TELEGRAM_BOT_USERNAME="tongban_test_bot")
        defaults.update(env)
        super().__init__(var_dir, **defaults)
        self.database_url = database_url

    def staff(self, username: str) -> Staff:
        return Staff(self.url, username)


def with_staff(database_url: str) -> None:
    for username, role in STAFF.items():
        done = create_staff(database_url, username, role)
        assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def desk_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('deskdb') / 'gateway.db'}"
    with_staff(url)
    return url


@pytest.fixture(scope="module")
def desk_gateway(tmp_path_factory, desk_db, desk_rasa):
    gateway = DeskGateway(tmp_path_factory.mktemp("deskgw"), desk_db, desk_rasa.url).start()
    yield gateway
    gateway.stop()


@pytest.fixture(scope="session")
def desk_postgres():
    databases = ScratchDatabases("desk_test")
    yield databases
    databases.drop_all()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_database_url(request, tmp_path, desk_postgres):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'gateway.db'}"
    return desk_postgres.create()
