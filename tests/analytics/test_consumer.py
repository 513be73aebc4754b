"""The production consumer against the local RabbitMQ and PostgreSQL: Rasa's events, as Rasa's pika
broker publishes them (its own Event classes), become the analytics rows; each message is
acknowledged once its rows are committed; a message that is not JSON is dropped, not retried forever."""
import asyncio
import json
import time
import uuid

import aio_pika
import pytest
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered

from analytics.consumer import consume
from analytics.metrics import Filters, Metrics
from analytics.recorder import EventRecorder
from bot.migrate import migrated_engine
from tests.postgres import ScratchDatabases

AMQP = "amqp://guest:guest@127.0.0.1:5672/"


@pytest.fixture()
def engine():
    databases = ScratchDatabases("tongban_test_analytics")
    engine = migrated_engine(databases.create())
    yield engine
    engine.dispose()
    databases.drop_all()


def _rasa_events(sender: str, start: float):
    user = UserUttered("我的社保卡丢了", intent={"name": "social_security_card", "confidence": 0.95},
                       entities=[{"entity": "message_language", "value": "zh"}], timestamp=start)
    events = [user, ActionExecuted("action_route_request", timestamp=start + 0.5),
              BotUttered("请问您在哪个城市？", timestamp=start + 0.8), SlotSet("city", "南京市", timestamp=start + 0.9),
              ActiveLoop("social_security_card_form", timestamp=start + 1.0)]
    return [{"sender_id": sender, **event.as_dict()} for event in events]


async def _publish(queue: str, bodies) -> None:
    connection = await aio_pika.connect_robust(AMQP)
    async with connection:
        channel = await connection.channel()
        await channel.declare_queue(queue, durable=True)
        for body in bodies:
            await channel.default_exchange.publish(aio_pika.Message(body), routing_key=queue)


async def _run_consumer(recorder, queue: str, until, timeout_s: float = 20) -> int:
    stop = asyncio.Event()
    task = asyncio.ensure_future(consume(recorder, AMQP, queue, stop))
    deadline = time.monotonic() + timeout_s
    while not await asyncio.to_thread(until) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    stop.set()
    await asyncio.wait_for(task, 10)
    connection = await aio_pika.connect_robust(AMQP)
    async with connection:
        channel = await connection.channel()
        declared = await channel.declare_queue(queue, durable=True)
        left = declared.declaration_result.message_count
        await channel.queue_delete(queue)
    return left


def test_the_consumer_records_rasa_events_from_rabbitmq(engine):
    queue = f"tongban_analytics_test_{uuid.uuid4().hex[:8]}"
    start = time.time() - 7200     # two hours ago: the form left asking counts as abandoned
    bodies = [json.dumps(event).encode() for event in _rasa_events("tg:4711", start)]
    bodies.insert(2, b"not json")
    asyncio.run(_publish(queue, bodies))
    metrics = Metrics(engine)
    recorder = EventRecorder(engine)

    def recorded() -> bool:
        with engine.connect() as connection:
            return connection.exec_driver_sql(
                "SELECT count(*) FROM analytics_conversation_days WHERE form IS NOT NULL").scalar() == 1

    left = asyncio.run(_run_consumer(recorder, queue, recorded))
    assert left == 0, "every message was acknowledged (or dropped)"
    today = metrics.report(Filters("2000-01-01", "2100-01-01"))
    totals = today["totals"]
    assert (totals["conversations"], totals["messages"], totals["with_form"], totals["abandoned"]) == (1, 1, 1, 1)
    assert totals["median_first_answer_s"] == 0.8
    assert today["places"][0]["city"] == "南京市" and today["top_intents"] == [
        {"intent": "social_security_card", "messages": 1}]
    with engine.connect() as connection:
        channel, language = connection.exec_driver_sql(
            "SELECT channel, language FROM analytics_conversation_days").one()
    assert (channel, language) == ("tg", "zh")
