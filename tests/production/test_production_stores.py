"""The production configuration (deploy/endpoints.yml) against the real
PostgreSQL, Redis and RabbitMQ on this machine: the tracker lands in
PostgreSQL, Rasa takes its conversation locks in Redis, every event is
published to RabbitMQ, and neither holds raw personal data."""
import asyncio
import json
import uuid

import aio_pika
import psycopg2
import pytest
import redis
import requests

from tests.conftest import MODEL
from tests.desk.desk_client import Staff, create_staff
from tests.postgres import ScratchDatabases
from tests.privacy.citizens import CITIZENS, WebCitizen, latest_code, raw_values, talk
from tests.privacy.scan import database_hits, log_hits, sqlite_hits
from tools.stack import Stack, stack_env

PG = dict(host="127.0.0.1", port=5432, user="postgres")
REDIS_DB = 13


@pytest.fixture(scope="module")
def database():
    databases = ScratchDatabases("tongban_tracker")
    yield databases.create_name()
    databases.drop_all()


@pytest.fixture(scope="module")
def production_stack(tmp_path_factory, database):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train`")
    var_dir = tmp_path_factory.mktemp("production")
    queue = f"tongban_events_{uuid.uuid4().hex[:8]}"
    env = stack_env(var_dir, RASA_ENDPOINTS="deploy/endpoints.yml",
                    RASA_DB_HOST=PG["host"], RASA_DB_PORT=str(PG["port"]), RASA_DB_NAME=database,
                    RASA_DB_USER=PG["user"], RASA_DB_PASSWORD="", RASA_DB_LOGIN_DB="postgres",
                    REDIS_HOST="127.0.0.1", REDIS_PORT="6379", REDIS_DB=str(REDIS_DB),
                    RABBITMQ_HOST="127.0.0.1", RABBITMQ_USER="guest", RABBITMQ_PASSWORD="guest",
                    RABBITMQ_QUEUE=queue)
    running = Stack(env, var_dir)
    running.start(["govapi", "actions", "rasa", "gateway"])
    yield running, queue
    running.stop()
    asyncio.run(_delete_queue(queue))


async def _delete_queue(queue: str) -> None:
    connection = await aio_pika.connect_robust("amqp://guest:guest@127.0.0.1/")
    async with connection:
        channel = await connection.channel()
        await channel.queue_delete(queue)


async def _drain(queue: str) -> list:
    connection = await aio_pika.connect_robust("amqp://guest:guest@127.0.0.1/")
    events = []
    async with connection:
        channel = await connection.channel()
        declared = await channel.declare_queue(queue, durable=True)
        while True:
            message = await declared.get(no_ack=True, fail=False)
            if message is None:
                return events
            events.append(json.loads(message.body))


def _talk(stack, sender: str) -> None:
    for text in ["你好", "thanks"]:
        response = requests.post(stack.url("gateway") + "/api/chat",
                                 json={"sender": sender, "message": text}, timeout=20)
        assert response.status_code == 200 and response.json()["replies"]


def test_tracker_events_are_stored_in_postgresql(production_stack, database):
    stack, _ = production_stack
    sender = "p" + uuid.uuid4().hex[:8]
    _talk(stack, sender)
    with psycopg2.connect(dbname=database, **PG) as connection:
        cursor = connection.cursor()
        cursor.execute("SELECT type_name FROM events WHERE sender_id = %s", (f"web:{sender}",))
        types = [row[0] for row in cursor.fetchall()]
    assert types.count("user") == 2
    assert "bot" in types


def test_events_are_published_to_rabbitmq(production_stack):
    stack, queue = production_stack
    sender = "q" + uuid.uuid4().hex[:8]
    _talk(stack, sender)
    events = asyncio.run(_drain(queue))
    mine = [event for event in events if event.get("sender_id") == f"web:{sender}"]
    assert [event["text"] for event in mine if event["event"] == "user"] == ["你好", "thanks"]


def test_rasa_takes_conversation_locks_in_redis(production_stack):
    stack, _ = production_stack
    _talk(stack, "r" + uuid.uuid4().hex[:8])
    clients = redis.Redis(host="127.0.0.1", port=6379).client_list()
    assert any(int(client["db"]) == REDIS_DB for client in clients)


def test_the_privacy_scan_finds_nothing_raw_in_postgresql_rabbitmq_or_the_logs(production_stack, database):
    stack, queue = production_stack
    done = create_staff(stack.env["GATEWAY_DATABASE_URL"], "production_agent", "agent", env=stack.env)
    assert done.returncode == 0, done.stderr
    agent = Staff(stack.url("gateway"), "production_agent")
    govapi, key = stack.url("govapi"), stack.env["GOVAPI_API_KEY"]
    for citizen in CITIZENS[:2]:
        talk(citizen, WebCitizen(stack.url("gateway"), "prod" + uuid.uuid4().hex[:8]),
             lambda phone: latest_code(govapi, key, phone), agent)
    raw = raw_values(govapi, key)
    events = asyncio.run(_drain(queue))
    assert any(event.get("event") == "user" for event in events)
    hits = (database_hits(f"postgresql+psycopg2://{PG['user']}@{PG['host']}:{PG['port']}/{database}", raw)
            + raw.find(json.dumps(events, ensure_ascii=False), f"RabbitMQ queue {queue}")
            + sqlite_hits(stack.var_dir / "gateway.db", raw) + log_hits(stack.var_dir.glob("*.log"), raw))
    assert hits == [], "\n".join(map(str, hits))
