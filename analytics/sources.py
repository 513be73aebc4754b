"""Where Rasa's events come from: the embedded SQLite tracker store (read after the last event id
recorded, in the gateway) or RabbitMQ (production: `python -m analytics.consumer`)."""
import asyncio
import json
import logging
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from analytics.recorder import EventRecorder

logger = logging.getLogger(__name__)

TRACKER_SOURCE = "tracker"
BATCH = 2000
_NEW_EVENTS = text("SELECT id, sender_id, data FROM events WHERE id > :after ORDER BY id LIMIT :limit")


class TrackerPoller:
    """Reads the tracker store's new events; the recorded rows and the position move in one transaction."""

    def __init__(self, tracker_db: str, recorder: EventRecorder) -> None:
        self.path = Path(tracker_db)
        self.recorder = recorder
        self._engine: Engine | None = None

    def poll_once(self) -> int:
        """Records every event stored since the last call; returns how many events were read."""
        if not self.path.exists():
            return 0
        engine = self._engine = self._engine or create_engine(f"sqlite:///{self.path}", future=True)
        read = 0
        while True:
            after = self.recorder.position(TRACKER_SOURCE)
            try:
                with engine.connect() as connection:
                    rows = connection.execute(_NEW_EVENTS, {"after": after, "limit": BATCH}).all()
            except OperationalError as error:   # no events table before Rasa's first start
                logger.debug("tracker store not readable yet: %s", error)
                return read
            if not rows:
                return read
            events = [{**json.loads(data), "sender_id": sender} for _, sender, data in rows]
            self.recorder.record(events, cursor=(TRACKER_SOURCE, rows[-1][0]))
            read += len(rows)

    async def run(self, interval_s: float) -> None:
        while True:
            try:
                await asyncio.to_thread(self.poll_once)
            except Exception:
                logger.exception("analytics: reading the tracker store failed")
            await asyncio.sleep(interval_s)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
