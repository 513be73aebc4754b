"""Live desk events for the consoles' SSE streams (one gateway process: in memory)."""
import asyncio
import json
from typing import Any, Dict, Set

QUEUE_LIMIT = 500


class EventHub:
    def __init__(self) -> None:
        self._subscribers: Set[asyncio.Queue] = set()

    def subscribe(self) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue(QUEUE_LIMIT)
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        self._subscribers.discard(queue)

    def publish(self, kind: str, data: Dict[str, Any]) -> None:
        event = f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
        for queue in list(self._subscribers):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:  # a console that stopped reading: it reloads on reconnect
                self._subscribers.discard(queue)
