"""Turns Rasa's events (already masked by our tracker store) into analytics rows: per citizen message
its intent and matter; per conversation and day its channel, language, place (city/county slots),
time to the first answer, fallbacks and the form left asking. The same code reads the events from
RabbitMQ (production) and from the SQLite tracker store (embedded). A citizen message is counted once
per message key, however often its events arrive."""
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from analytics.days import local_day, utc_naive
from analytics.matters import FALLBACK_INTENT, matter_of
from analytics.models import ConversationDay, Cursor, MatterDay, Turn
from bot.router import MESSAGE_KEY

Event = dict[str, Any]
PLACE_SLOTS = ("city", "county")
LANGUAGES = ("zh", "en")


def _detected_language(parse_data: dict[str, Any]) -> str | None:
    for entity in parse_data.get("entities") or []:
        if entity.get("entity") == "message_language" and entity.get("value") in LANGUAGES:
            return entity["value"]
    return None


def _message_key(event: Event) -> str | None:
    """Which citizen message a user event is: the gateway's key, kept when a rolled-back turn is sent
    again, else Rasa's message id (the same when the broker delivers an event twice)."""
    key = (event.get("metadata") or {}).get(MESSAGE_KEY) or event.get("message_id")
    return str(key)[:64] if key else None


class EventRecorder:
    def __init__(self, engine: Engine, timezone: str = "Asia/Shanghai") -> None:
        self._session = sessionmaker(engine, future=True, expire_on_commit=False)
        self.zone = ZoneInfo(timezone)

    def record(self, events: Iterable[Event], cursor: tuple | None = None) -> int:
        """Records events (each with its `sender_id`) in one transaction, with the source's new
        position (`(source, position)`) if given; returns how many were used."""
        used = 0
        with self._session.begin() as session:
            for event in events:
                used += self._record_one(session, event)
            if cursor is not None:
                session.merge(Cursor(source=cursor[0], position=cursor[1]))
        return used

    def position(self, source: str) -> int:
        with self._session() as session:
            found = session.get(Cursor, source)
            return found.position if found else 0

    def _record_one(self, session: Session, event: Event) -> int:
        sender, kind, timestamp = event.get("sender_id"), event.get("event"), event.get("timestamp")
        if not sender or not isinstance(timestamp, (int, float)):
            return 0
        if kind == "user":
            return self._user(session, sender, event, utc_naive(timestamp))
        latest = self._latest_day(session, sender)
        if latest is None:
            return 0
        if kind == "bot":
            if latest.first_answer_ms is None:
                latest.first_answer_ms = max(0, int((utc_naive(timestamp) - latest.first_at).total_seconds() * 1000))
        elif kind == "slot" and event.get("name") in PLACE_SLOTS and event.get("value"):
            setattr(latest, event["name"], str(event["value"])[:64])
        elif kind == "slot" and event.get("name") == "language" and event.get("value") in LANGUAGES:
            latest.language = event["value"]
        elif kind == "active_loop":
            latest.form = event.get("name") or None
            latest.had_form = latest.had_form or bool(latest.form)
        else:
            return 0
        return 1

    def _user(self, session: Session, sender: str, event: Event, at) -> int:
        """Counts a citizen message, once however often its event arrives; returns 1 if it was new."""
        key = _message_key(event)
        if key is not None and session.execute(select(Turn.id).where(
                Turn.conversation_id == sender, Turn.message_key == key)).first() is not None:
            return 0
        parse_data = event.get("parse_data") or {}
        intent = (parse_data.get("intent") or {}).get("name")
        day = local_day(at, self.zone)
        row = session.execute(select(ConversationDay).where(ConversationDay.conversation_id == sender,
                                                            ConversationDay.day == day)).scalar_one_or_none()
        if row is None:
            before = self._latest_day(session, sender)   # place and language carry over from earlier days
            row = ConversationDay(conversation_id=sender, day=day, channel=sender.split(":", 1)[0][:16],
                                  language=before and before.language, city=before and before.city,
                                  county=before and before.county, first_at=at, last_at=at, turns=0,
                                  fallbacks=0, form=before and before.form, had_form=bool(before and before.form))
            session.add(row)
        row.language = _detected_language(parse_data) if row.language is None else row.language
        row.turns += 1
        row.fallbacks += intent == FALLBACK_INTENT
        row.last_at = max(row.last_at, at)
        matter = matter_of(intent and intent[:64])
        session.add(Turn(conversation_id=sender, day=day, at=at, intent=intent and intent[:64], matter=matter,
                         message_key=key))
        if matter and session.execute(select(MatterDay.id).where(
                MatterDay.conversation_id == sender, MatterDay.day == day, MatterDay.matter == matter)).first() is None:
            session.add(MatterDay(conversation_id=sender, day=day, matter=matter))
        session.flush()
        return 1

    @staticmethod
    def _latest_day(session: Session, sender: str) -> ConversationDay | None:
        return session.execute(select(ConversationDay).where(ConversationDay.conversation_id == sender)
                               .order_by(ConversationDay.day.desc()).limit(1)).scalar_one_or_none()
