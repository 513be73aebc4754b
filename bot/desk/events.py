"""Live desk events for the consoles' SSE streams. One gateway process keeps them in memory;
several gateways (GATEWAY_REDIS_URL set) pass every event through Redis pub/sub, so an agent
connected to one gateway sees what happens on another. Events are hints for the consoles,
which reload what they show on reconnect; while Redis is away they stay on this gateway."""
import asyncio
import json
import logging
from typing import Any

import redis.asyncio as redis

logger = logging.getLogger(__name__)

QUEUE_LIMIT = 500
CHANNEL = "tongban:desk:events"
RECONNECT_S = 1.0


class EventHub:
    def __init__(self, redis_url: str = "") -> None:
        self._subscribers: set[asyncio.Queue] = set()
        self._redis: redis.Redis | None = redis.from_url(redis_url) if redis_url else None
        self._listener: asyncio.Task | None = None
        self._background: set[asyncio.Task] = set()

    async def start(self) -> None:
        if self._redis is not None:
            self._listener = asyncio.ensure_future(self._listen(self._redis))

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
        if self._redis is not None:
            await self._redis.close()

    def subscribe(self) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue(QUEUE_LIMIT)
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        self._subscribers.discard(queue)

    def publish(self, kind: str, data: dict[str, Any]) -> None:
        event = f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
        if self._redis is None:
            self._deliver(event)
            return
        task = asyncio.ensure_future(self._relay(self._redis, event))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _relay(self, client: redis.Redis, event: str) -> None:
        try:
            await client.publish(CHANNEL, event)
        except redis.RedisError as error:
            logger.warning("desk event kept on this gateway, Redis unavailable: %s", error)
            self._deliver(event)

    async def _listen(self, client: redis.Redis) -> None:
        while True:
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self._deliver(message["data"].decode())
            except redis.RedisError as error:
                logger.warning("desk events from other gateways paused: %s", error)
                await asyncio.sleep(RECONNECT_S)

    def _deliver(self, event: str) -> None:
        for queue in list(self._subscribers):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:  # a console that stopped reading: it reloads on reconnect
                self._subscribers.discard(queue)
