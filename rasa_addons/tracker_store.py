"""Rasa's SQL tracker store (SQLite or PostgreSQL) that masks personal data before anything is
written or published to the event broker, gives Rasa a long session as its state and its
latest events (tracker_window), and can erase or purge whole conversations.

Masking changes the contents of each event and never drops or adds one. Which events of a
tracker are new is known from what was read into it; a tracker this store did not read is
compared by counting the stored events, as Rasa does."""
import itertools
import json
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.pool import QueuePool

from rasa_addons import tracker_window, turn_guard
from rasa_addons.event_masking import masked_events

SECONDS_PER_DAY = 86400
LOADED = "_tongban_loaded"   # what this store read into a tracker

_windows_metadata = sa.MetaData()
WINDOWS = sa.Table(
    "tracker_windows", _windows_metadata,
    sa.Column("sender_id", sa.String(255), primary_key=True),
    sa.Column("session_start_id", sa.Integer, nullable=False),  # first event of the latest session
    sa.Column("session_events", sa.Integer, nullable=False),
    sa.Column("last_event_id", sa.Integer, nullable=False),
    sa.Column("state", sa.Text, nullable=False),                # masked, like the events
)


@dataclass(frozen=True)
class Window:
    """A session as last stored: where it starts, how long it is, where it ends, its state."""
    session_start_id: int
    session_events: int
    last_event_id: int
    state: tracker_window.State


@dataclass(frozen=True)
class Loaded:
    events: int        # how many of the tracker's events were read (or written) by this store
    window: Window


class MaskingTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engine: sa.engine.Engine = _pooled(self.engine)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        _windows_metadata.create_all(self.engine)

    # --- writing ----------------------------------------------------------------------

    async def save(self, tracker: DialogueStateTracker) -> None:
        loaded: Loaded | None = getattr(tracker, LOADED, None)
        with self.session_scope() as session:
            start = loaded.events if loaded else self._event_query(
                session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
            unsaved = (event.as_dict() for event in itertools.islice(tracker.events, start, None))
            new_events = list(masked_events(unsaved, _typed_before(tracker, start)))
            rows = [self._row(tracker.sender_id, event) for event in new_events]
            session.add_all(rows)
            session.flush()
            before = loaded.window if loaded else self._stored_window(session, tracker.sender_id, rows)
            window = self._advanced(before, new_events, rows) if rows else before
            if window is not None:
                self._store_window(session, tracker.sender_id, window)
            session.commit()
            turn = turn_guard.current()
            if turn is not None:
                turn.stored_event_ids.extend(row.id for row in rows)
        if window is not None:
            setattr(tracker, LOADED, Loaded(len(tracker.events), window))
        self._publish(tracker.sender_id, new_events)

    def _advanced(self, before: Window | None, new_events: list[dict[str, Any]], rows: list[Any]) -> Window:
        starts = [index for index, event in enumerate(new_events) if event["event"] == SessionStarted.type_name]
        state = tracker_window.advanced(before.state if before else {"slots": {}}, new_events, self.domain.slots)
        if starts or before is None:
            first = starts[-1] if starts else 0
            return Window(rows[first].id, len(rows) - first, rows[-1].id, state)
        return Window(before.session_start_id, before.session_events + len(rows), rows[-1].id, state)

    def _stored_window(self, session, sender_id: str, new_rows: list[Any]) -> Window | None:
        """The window as it was before `new_rows`: kept, or rebuilt from the stored session."""
        previous_last = min(row.id for row in new_rows) - 1 if new_rows else None
        kept = self._window(session, sender_id)
        if kept is not None and (previous_last is None or kept.last_event_id == self._last_id_before(
                session, sender_id, previous_last + 1)):
            return kept
        whole = self._whole_session(session, sender_id, before_id=previous_last + 1 if previous_last else None)
        return whole[1] if whole else None

    def _store_window(self, session, sender_id: str, window: Window) -> None:
        values = {"session_start_id": window.session_start_id, "session_events": window.session_events,
                  "last_event_id": window.last_event_id, "state": json.dumps(window.state)}
        updated = session.execute(WINDOWS.update().where(WINDOWS.c.sender_id == sender_id).values(**values))
        if updated.rowcount == 0:
            session.execute(WINDOWS.insert().values(sender_id=sender_id, **values))

    # --- reading ----------------------------------------------------------------------

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session: whole, or (a long one) as its state and its last events."""
        with self.session_scope() as session:
            window = self._window(session, sender_id)
            if window and tracker_window.window_needed(window.session_events) and \
                    window.last_event_id == self._last_id_before(session, sender_id):
                last_events = self._last_events(session, sender_id, window)
                tracker = tracker_window.windowed(sender_id, window.state, last_events, self.domain.slots)
            else:
                whole = self._whole_session(session, sender_id)
                if whole is None:
                    return None
                tracker, window = whole
        setattr(tracker, LOADED, Loaded(len(tracker.events), window))
        return tracker

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        """Rasa's, reading only the events' data column instead of whole ORM rows."""
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions).with_entities(
                self.SQLEvent.data).all()
        if not rows or not self.domain:
            return None
        return DialogueStateTracker.from_dict(sender_id, [json.loads(data) for (data,) in rows], self.domain.slots)

    def _whole_session(self, session, sender_id: str,
                       before_id: int | None = None) -> tuple[DialogueStateTracker, Window] | None:
        query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
        if before_id is not None:
            query = query.filter(self.SQLEvent.id < before_id)
        rows = query.with_entities(self.SQLEvent.id, self.SQLEvent.data).all()
        if not rows or not self.domain:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(data) for _, data in rows], self.domain.slots)
        return tracker, Window(rows[0].id, len(rows), rows[-1].id, tracker_window.state_of(tracker))

    def _window(self, session, sender_id: str) -> Window | None:
        row = session.execute(sa.select(WINDOWS).where(WINDOWS.c.sender_id == sender_id)).first()
        if row is None:
            return None
        return Window(row.session_start_id, row.session_events, row.last_event_id, json.loads(row.state))

    def _last_id_before(self, session, sender_id: str, before_id: int | None = None) -> int | None:
        query = sa.select(sa.func.max(self.SQLEvent.id)).where(self.SQLEvent.sender_id == sender_id)
        if before_id is not None:
            query = query.where(self.SQLEvent.id < before_id)
        return session.execute(query).scalar()

    def _last_events(self, session, sender_id: str, window: Window) -> list[Event]:
        rows = session.execute(sa.select(self.SQLEvent.data)
                               .where(self.SQLEvent.sender_id == sender_id,
                                      self.SQLEvent.id >= window.session_start_id)
                               .order_by(self.SQLEvent.id.desc()).limit(tracker_window.WINDOW_EVENTS)).scalars().all()
        return [event for event in (Event.from_parameters(json.loads(data)) for data in reversed(rows)) if event]

    def _row(self, sender_id: str, event: dict[str, Any]) -> "SQLTrackerStore.SQLEvent":
        parse_data = event.get("parse_data") or {}
        return self.SQLEvent(sender_id=sender_id, type_name=event["event"], timestamp=event.get("timestamp"),
                             intent_name=(parse_data.get("intent") or {}).get("name"),
                             action_name=event.get("name"), data=json.dumps(event))

    def _publish(self, sender_id: str, events: list[dict[str, Any]]) -> None:
        if self.event_broker is None:
            return
        for event in events:
            self.event_broker.publish({"sender_id": sender_id, **event})

    async def delete_events(self, sender_id: str, event_ids: list[int]) -> None:
        """Takes back what a failed turn stored (the conversation's lock is held by the caller);
        the stored window is dropped with it and rebuilt at the next turn."""
        with self.session_scope() as session:
            for chunk in _chunks(event_ids, 500):
                session.query(self.SQLEvent).filter(self.SQLEvent.id.in_(chunk)).delete(synchronize_session=False)
            session.execute(WINDOWS.delete().where(WINDOWS.c.sender_id == sender_id))
            session.commit()

    async def erase(self, sender_id: str) -> int:
        """Deletes every event of one conversation; returns how many."""
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.execute(WINDOWS.delete().where(WINDOWS.c.sender_id == sender_id))
            session.commit()
        return deleted

    async def purge(self, retention_days: float, now: float | None = None) -> int:
        """Deletes the conversations whose latest event is older than the retention period;
        returns how many conversations."""
        cutoff = (now or time.time()) - retention_days * SECONDS_PER_DAY
        with self.session_scope() as session:
            stale = [sender for (sender,) in session.query(self.SQLEvent.sender_id)
                     .group_by(self.SQLEvent.sender_id)
                     .having(sa.func.max(self.SQLEvent.timestamp) < cutoff)]
            for chunk in _chunks(stale, 500):
                session.query(self.SQLEvent).filter(self.SQLEvent.sender_id.in_(chunk)).delete(
                    synchronize_session=False)
                session.execute(WINDOWS.delete().where(WINDOWS.c.sender_id.in_(chunk)))
            session.commit()
        return len(stale)


def _pooled(engine: sa.engine.Engine) -> sa.engine.Engine:
    """The store's engine with a pool of open connections: Rasa's opens a new SQLite connection for
    every query, and keeps PostgreSQL connections that die with a server restart."""
    url = engine.url
    engine.dispose()
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    pooled = sa.create_engine(url, poolclass=QueuePool, pool_size=4,
                              connect_args={"check_same_thread": False, "timeout": 30})
    sa.event.listen(pooled, "connect", _sqlite_pragmas)
    return pooled


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: safe against a process crash, no fsync per turn
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _typed_before(tracker: DialogueStateTracker, index: int) -> str | None:
    """The text of the citizen's latest message among the first `index` events."""
    earlier = itertools.islice(tracker.events, index)
    return next((event.text for event in reversed(list(earlier)) if isinstance(event, UserUttered)), None)


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]
