"""The production consumer of Rasa's events: `python -m analytics.consumer` reads the RabbitMQ queue
Rasa publishes to (deploy/endpoints.yml) and records each message's events; a message is
acknowledged once its rows are committed, so a consumer that dies loses nothing."""
import asyncio
import json
import logging
import sys

import aio_pika

from analytics.recorder import EventRecorder
from analytics.settings import AnalyticsSettings

logger = logging.getLogger(__name__)
PREFETCH = 200


async def consume(recorder: EventRecorder, url: str, queue_name: str, stop: asyncio.Event) -> None:
    connection = await aio_pika.connect_robust(url)
    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=PREFETCH)
        queue = await channel.declare_queue(queue_name, durable=True)
        async with queue.iterator() as messages:
            waiting_for_stop = asyncio.ensure_future(stop.wait())
            while not stop.is_set():
                next_message = asyncio.ensure_future(messages.__anext__())
                done, _ = await asyncio.wait({next_message, waiting_for_stop}, return_when=asyncio.FIRST_COMPLETED)
                if next_message not in done:
                    next_message.cancel()
                    break
                message = next_message.result()
                try:
                    event = json.loads(message.body)
                except ValueError:
                    logger.warning("analytics: a message on %s is not JSON; dropped", queue_name)
                    await message.reject()
                    continue
                await asyncio.to_thread(recorder.record, [event])
                await message.ack()


def main() -> int:
    from bot.config import Settings
    from bot.store.database import make_engine, upgrade_to_head

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = AnalyticsSettings.from_env()
    engine = make_engine(Settings.from_env().database_url)
    upgrade_to_head(engine)
    recorder = EventRecorder(engine, settings.timezone)
    logger.info("analytics: consuming %s", settings.queue)
    try:
        asyncio.run(consume(recorder, settings.rabbitmq_url, settings.queue, asyncio.Event()))
    except KeyboardInterrupt:
        pass
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
